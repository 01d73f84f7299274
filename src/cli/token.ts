import { parseArgs } from 'node:util';
import { createToken, listTokens, revokeToken, type TokenScope } from '../auth/tokens';
import { openConfiguredDatabase } from './database';
import { CliError, runCli, UsageError } from './run';

const USAGE = `usage:
  npm run token -- create --scope read|write|admin --name "<who or what uses it>"
  npm run token -- list
  npm run token -- revoke <id>`;

const SCOPES: TokenScope[] = ['read', 'write', 'admin'];

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { scope: { type: 'string' }, name: { type: 'string' } },
  });
  const [command, argument] = positionals;
  if (!['create', 'list', 'revoke'].includes(command)) throw new UsageError();

  const database = await openConfiguredDatabase();
  try {
    await database.migrate();
    if (command === 'create') {
      const scope = values.scope as TokenScope;
      if (!SCOPES.includes(scope) || !values.name?.trim()) throw new UsageError();
      const created = await createToken(database.db, { name: values.name.trim(), scope });
      console.log(`Token ${created.id} (${created.scope}) for "${created.name}":\n\n  ${created.token}\n`);
      console.log('It is shown this once and stored only as a digest: keep it now.');
    } else if (command === 'list') {
      for (const token of await listTokens(database.db)) {
        const state = token.revokedAt ? `revoked ${token.revokedAt}` : 'active';
        console.log(`${token.id}\t${token.scope}\t${state}\t${token.name}`);
      }
    } else {
      const id = Number(argument);
      if (!Number.isInteger(id) || id < 1) throw new UsageError();
      if (!(await revokeToken(database.db, id))) throw new CliError(`No active token ${id}: \`npm run token -- list\` shows them.`);
      console.log(`Token ${id} revoked.`);
    }
  } finally {
    await database.close();
  }
}

runCli(main, USAGE);
