export const SERVER_FILE: string;
export const NODE_FLAGS: string[];
export function serverEnv(env: NodeJS.ProcessEnv, where: { port: string; host: string }): NodeJS.ProcessEnv;
