declare module 'parse-prometheus-text-format' {
  /** Metric families of a Prometheus text exposition page (values kept as text). */
  export default function parsePrometheusTextFormat(text: string): unknown;
}
