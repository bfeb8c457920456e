import next from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...next,
  ...nextTs,
  {
    // The server does not know the browser's time zone: pages show wall-clock times through useLocalTime.
    files: ['components/**/*.tsx', 'app/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@/lib/client/format',
              importNames: ['formatClock', 'formatDateTime'],
              message: 'Use useLocalTime() from @/lib/client/use-local-time: a time formatted on the server shows its zone and breaks hydration.',
            },
          ],
        },
      ],
    },
  },
  { ignores: ['.next/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
];

export default config;
