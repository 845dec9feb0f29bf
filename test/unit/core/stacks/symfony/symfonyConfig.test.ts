import * as assert from 'node:assert/strict';
import { PDO_HANDLER_CLASS, readHandlerConfig, resolvePlaceholders, type PlaceholderContext } from '../../../../../src/core/stacks/symfony/symfonyConfig';

const fw = (text: string) => ({ path: '/app/config/packages/framework.yaml', text });
const sv = (text: string) => ({ path: '/app/config/services.yaml', text });

const SERVICES = `services:
    ${PDO_HANDLER_CLASS}:
        arguments:
            - '%env(DATABASE_URL)%'
            - { db_table: 'customer_session', db_id_col: 'guid' }
    app.sessions:
        alias: ${PDO_HANDLER_CLASS}
    named_handler:
        class: ${PDO_HANDLER_CLASS}
        arguments:
            $pdoOrDsn: '@pdo'
            $options: { db_table: named }
    pdo:
        class: PDO
        arguments: ['mysql:host=%env(DB_HOST)%;dbname=app', 'app', '%env(DB_PASSWORD)%']
    !php/const FOO: 1
`;

describe('the session handler framework.yaml and services.yaml configure', () => {
  it('a PdoSessionHandler service: its DSN argument, options and the handler_id place', () => {
    const c = readHandlerConfig(fw(`framework:\n    session:\n        handler_id: ${PDO_HANDLER_CLASS}\n`), sv(SERVICES), 'dev');
    assert.equal(c.kind, 'service');
    assert.equal(c.connection, '%env(DATABASE_URL)%');
    assert.deepEqual(c.options, { db_table: 'customer_session', db_id_col: 'guid' });
    assert.deepEqual(c.handlerId?.location.range, { start: { line: 2, character: 20 }, end: { line: 2, character: 20 + PDO_HANDLER_CLASS.length } });
    assert.ok(c.serviceLocation);
  });

  it('an alias, named arguments and a PDO service', () => {
    const viaAlias = readHandlerConfig(fw('framework: { session: { handler_id: app.sessions } }'), sv(SERVICES), 'dev');
    assert.equal(viaAlias.kind, 'service');
    const named = readHandlerConfig(fw('framework: { session: { handler_id: named_handler } }'), sv(SERVICES), 'dev');
    assert.equal(named.kind, 'service');
    assert.deepEqual(named.options, { db_table: 'named' });
    assert.deepEqual(named.pdoService, { id: 'pdo', arguments: ['mysql:host=%env(DB_HOST)%;dbname=app', 'app', '%env(DB_PASSWORD)%'] });
  });

  it('when@<env> wins over the top level, for that environment only', () => {
    const text = `framework:\n    session:\n        handler_id: ~\nwhen@prod:\n    framework:\n        session:\n            handler_id: '%env(DATABASE_URL)%'\n`;
    assert.equal(readHandlerConfig(fw(text), undefined, 'dev').kind, 'other');
    const prod = readHandlerConfig(fw(text), undefined, 'prod');
    assert.equal(prod.kind, 'url');
    assert.equal(prod.handlerId?.location.range.start.line, 6);
  });

  it('other handlers, no handler, and YAML that cannot be read', () => {
    assert.equal(readHandlerConfig(fw('framework:\n    session:\n        handler_id: session.handler.native_file\n'), sv(SERVICES), 'dev').kind, 'other');
    assert.equal(readHandlerConfig(fw('framework:\n    secret: x\n'), sv(SERVICES), 'dev').kind, 'none');
    assert.equal(readHandlerConfig(undefined, sv(SERVICES), 'dev').kind, 'none');
    const broken = readHandlerConfig(fw('framework:\n  session: [\n'), undefined, 'dev');
    assert.equal(broken.errors.length, 1);
    assert.match(broken.errors[0], /framework\.yaml/);
  });
});

describe('placeholders, as the container resolves them', () => {
  const env: Record<string, string> = { DATABASE_URL: 'sqlite:///%kernel.project_dir%/var/data.db', PLAIN: 'x' };
  const ctx: PlaceholderContext = {
    env: (n) => env[n],
    parameters: { db_dir: '%kernel.project_dir%/db', p: '%env(PLAIN)%' },
    projectDir: '/srv/app',
    appEnv: 'dev',
  };
  const cases: Array<[string, string | RegExp]> = [
    ['%env(resolve:DATABASE_URL)%', 'sqlite:////srv/app/var/data.db'],
    // Without resolve:, an env value is taken as it is.
    ['%env(DATABASE_URL)%', 'sqlite:///%kernel.project_dir%/var/data.db'],
    ['%env(string:PLAIN)%', 'x'],
    ['sqlite:%db_dir%/s.db', 'sqlite:/srv/app/db/s.db'],
    ['%p%-%kernel.environment%-100%%', 'x-dev-100%'],
    ['%env(MISSING)%', /MISSING is not set/],
    ['%env(json:PLAIN)%', /env processor "json"/],
    ['%nope%', /parameter %nope%/],
  ];
  for (const [input, expected] of cases) {
    it(input, () => {
      const r = resolvePlaceholders(input, ctx);
      if (typeof expected === 'string') assert.deepEqual(r.ok && r.value, expected);
      else assert.match(r.ok ? '' : r.error, expected);
    });
  }
});
