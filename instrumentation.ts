export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    (await import('./lib/security/unsupported-methods')).guardUnsupportedMethods();
    const { startDashboard, ConfigError } = await import('./lib/runtime/start');
    try {
      await startDashboard();
    } catch (error) {
      // A bad config must stop start-up with a readable message and a non-zero exit.
      console.error(error instanceof ConfigError ? error.message : error);
      process.exit(1);
    }
  }
}
