import { ResendDouble } from '../../tests/helpers/resend-double.ts';

/**
 * The Resend double in a process of its own, as a real provider would be: the sender's CPU is not
 * shared with it. Prints its URL on the first line; options come as JSON in argv[2].
 */
const options = JSON.parse(process.argv[2] ?? '{}');
const double = new ResendDouble({ lean: true, ...options });
const url = await double.start();
process.stdout.write(`${url}\n`);
process.on('SIGTERM', () => {
  void double.stop().then(() => process.exit(0));
});
