// `npm run token -- --role ROLE [--org CODE] [--subject NAME] [--expires 8h]`
// Prints a development user token signed with the local issuer key (.xianjie/keys).
import { issueDevToken } from '@xianjie/gateway';
import { loadOrCreateDevKeys, ROLES, type Role } from '@xianjie/subgraph-kit';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const role = arg('role') as Role | undefined;
const usable = ROLES.filter((r) => r !== 'public');
if (!role || !(usable as readonly string[]).includes(role)) {
  console.error(`usage: npm run token -- --role ROLE [--org CODE] [--subject NAME] [--expires 8h]\n  ROLE: ${usable.join(', ')}\n  --org: the agency id for enforcement (e.g. AG-421202-SCJG); bureau, procuratorate or court code otherwise`);
  process.exit(2);
}
if ((role === 'enforcement' || role === 'agency-head') && !arg('org')) {
  console.error('An enforcement officer belongs to an agency: pass --org AG-…, e.g. --org AG-421202-SCJG');
  process.exit(2);
}
(async () => {
  const { privateKey } = await loadOrCreateDevKeys('issuer');
  const token = await issueDevToken(
    { subject: arg('subject') ?? `dev-${role}`, role: role as Exclude<Role, 'public'>, org: arg('org'), expiresIn: arg('expires') },
    privateKey,
  );
  console.log(token);
})();
