// The worker-thread trainer host lives with the served studio now (src-main/serve/workerHost.ts).
export { workerHost } from '../../src-main/serve/workerHost'
