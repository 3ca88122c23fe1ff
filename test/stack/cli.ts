import { startStack } from './index';

async function main(): Promise<void> {
  const port = process.env.STACK_PORT ? Number(process.env.STACK_PORT) : undefined;
  const stack = await startStack({ port, log: process.env.STACK_LOG ? (l) => console.error(l) : undefined });
  const out = process.stdout;
  out.write(`\nSupabase Explorer local stack is up (PostgreSQL ${'18'} with sample data).\n\n`);
  out.write(`  Project URL      ${stack.url}\n`);
  out.write(`  REST             ${stack.url}/rest/v1/\n`);
  out.write(`  anon key         ${stack.anonKey}\n`);
  out.write(`  service_role key ${stack.serviceRoleKey}\n`);
  out.write(`  publishable key  ${stack.publishableKey}\n`);
  out.write(`  secret key       ${stack.secretKey}\n`);
  out.write(`  Database         ${stack.dbUrl}\n\n`);
  out.write(`Press Ctrl+C to stop.\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    out.write('\nStopping…\n');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
