export default async function globalTeardown(): Promise<void> {
  const services = globalThis.__onewindowTestServices;
  if (!services) return;
  await services.temporal?.stop();
  await services.postgres?.stop();
}
