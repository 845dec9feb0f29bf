import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isSecretKey, maskSecretsInText, maskUrl, maskUrlsInText, redactSecrets } from '../../../src/core/redact';
import { fuzzRuns } from '../../support/fuzzRuns';

const MASK_CASES: Array<{ name: string; url: string; masked: string; secret?: string }> = [
  { name: 'postgresql', url: 'postgresql://user:secret@host:5432/db', masked: 'postgresql://user:****@host:5432/db', secret: 'secret' },
  {
    name: 'postgres with schema',
    url: 'postgres://u:s3cr3t@db.example.com/app?schema=auth',
    masked: 'postgres://u:****@db.example.com/app?schema=auth',
    secret: 's3cr3t',
  },
  { name: 'mysql', url: 'mysql://root:hunter22@127.0.0.1:3306/laravel', masked: 'mysql://root:****@127.0.0.1:3306/laravel', secret: 'hunter22' },
  { name: 'mariadb', url: 'mariadb://app:pa55word@db/app', masked: 'mariadb://app:****@db/app', secret: 'pa55word' },
  { name: 'percent-encoded password', url: 'mysql://u:p%40ss%2Fw@h/db', masked: 'mysql://u:****@h/db', secret: 'p%40ss%2Fw' },
  { name: 'unencoded @ in password', url: 'postgresql://u:p@ss@host/db', masked: 'postgresql://u:****@host/db', secret: 'p@ss' },
  { name: 'unencoded / ? # in password', url: 'postgresql://u:a/b?c#d@host/db', masked: 'postgresql://u:****@host/db', secret: 'a/b?c#d' },
  { name: 'unencoded @ / # in password', url: 'postgresql://u:p@ss/w#rd@host:5433/db', masked: 'postgresql://u:****@host:5433/db', secret: 'ss/w#rd' },
  { name: 'scheme without //', url: 'mysql:u:secret99@h/db', masked: 'mysql:u:****@h/db', secret: 'secret99' },
  {
    name: '@ in a query value stays out of the userinfo',
    url: 'postgresql://u:pw12@host/db?application_name=a@b',
    masked: 'postgresql://u:****@host/db?application_name=a@b',
    secret: 'pw12',
  },
  { name: 'empty user', url: 'postgresql://:topsecret@host/db', masked: 'postgresql://:****@host/db', secret: 'topsecret' },
  { name: 'no password', url: 'postgresql://user@host/db', masked: 'postgresql://user@host/db' },
  { name: 'empty password', url: 'mysql://user:@host/db', masked: 'mysql://user:@host/db' },
  { name: 'no credentials', url: 'mysql://host:3306/db', masked: 'mysql://host:3306/db' },
  {
    name: 'password query param',
    url: 'postgresql://host/db?user=u&password=qwerty12&sslmode=require',
    masked: 'postgresql://host/db?user=u&password=****&sslmode=require',
    secret: 'qwerty12',
  },
  { name: 'sslpassword', url: 'postgresql://u@host/db?sslpassword=keypass9', masked: 'postgresql://u@host/db?sslpassword=****', secret: 'keypass9' },
  {
    name: 'sqlserver',
    url: 'sqlserver://localhost:1433;database=app;user=sa;password=Str0ng!Pw;encrypt=true',
    masked: 'sqlserver://localhost:1433;database=app;user=sa;password=****;encrypt=true',
    secret: 'Str0ng!Pw',
  },
  { name: 'sqlserver braces', url: 'sqlserver://h;password={a;b}c;user=sa', masked: 'sqlserver://h;password=****c;user=sa' },
  { name: 'upper-case name', url: 'sqlserver://h;Password=Abcdef12', masked: 'sqlserver://h;Password=****', secret: 'Abcdef12' },
  { name: 'file URL untouched', url: 'file:./dev.db', masked: 'file:./dev.db' },
  { name: 'malformed: no host', url: 'postgresql://u:pw99@', masked: 'postgresql://u:****@', secret: 'pw99' },
  { name: 'malformed: not a URL', url: 'just text', masked: 'just text' },
  { name: 'empty', url: '', masked: '' },
];

describe('redact: maskUrl', () => {
  for (const c of MASK_CASES) {
    it(c.name, () => {
      const out = maskUrl(c.url);
      assert.equal(out, c.masked);
      if (c.secret) assert.ok(!out.includes(c.secret), out);
    });
  }

  it('hides any unencoded password without "?" (property)', () => {
    const pw = fc.string({ unit: fc.constantFrom(...'abcXYZ019@/#:%!&;=[]'.split('')), minLength: 4, maxLength: 24 });
    fc.assert(
      fc.property(pw, fc.constantFrom('postgresql', 'mysql', 'mariadb'), (password, scheme) => {
        const out = maskUrl(`${scheme}://app:${password}@db.internal:5432/app?schema=auth`);
        return !out.includes(password) && out.endsWith('@db.internal:5432/app?schema=auth');
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it('never throws on odd input', () => {
    for (const junk of ['://', '://@', 'a://:@', '%', '\u0000://x:y@z', 'x'.repeat(100_000), undefined as unknown as string, 42 as unknown as string]) {
      assert.doesNotThrow(() => maskUrl(junk));
    }
  });
});

describe('redact: maskUrlsInText', () => {
  it('masks every URL quoted inside an error message', () => {
    const text = 'Error: P1001 cannot reach "postgresql://a:pw-one@h1/db" nor mysql://b:pw-two@h2/x.';
    const out = maskUrlsInText(text);
    assert.equal(out, 'Error: P1001 cannot reach "postgresql://a:****@h1/db" nor mysql://b:****@h2/x.');
  });
});

describe('redact: redactSecrets', () => {
  const cases: Array<{ name: string; text: string; secrets: (string | undefined)[]; out: string }> = [
    { name: 'every occurrence', text: 'pw=hunter2x and again hunter2x', secrets: ['hunter2x'], out: 'pw=**** and again ****' },
    { name: 'percent-encoded form too', text: 'url mysql://u:p%40ss1@h', secrets: ['p@ss1'], out: 'url mysql://u:****@h' },
    { name: 'several secrets, longest first', text: 'abcd abcdef', secrets: ['abcd', 'abcdef'], out: '**** ****' },
    { name: 'short and empty secrets are ignored', text: 'a pw b', secrets: ['', 'pw', undefined], out: 'a pw b' },
    { name: 'regex characters are literal', text: 'x.*+?^$x and x', secrets: ['.*+?^$'], out: 'x****x and x' },
    { name: 'no secrets', text: 'unchanged', secrets: [], out: 'unchanged' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(redactSecrets(c.text, c.secrets), c.out));
  }
});

describe('redact: maskSecretsInText', () => {
  const cases: Array<[string, string, string]> = [
    ['.env lines', 'DB_PASSWORD=hunter22 APP_KEY=base64:AbCdEfGhIjKlMnOpQrStUvWx0123456789abcdEF= DB_HOST=db', 'DB_PASSWORD=**** APP_KEY=**** DB_HOST=db'],
    ['quoted .env value with spaces', 'MAIL_PASSWORD="two words" MAIL_HOST=smtp', 'MAIL_PASSWORD="****" MAIL_HOST=smtp'],
    ['query string', 'GET /reset?token=abc123def&email=a@b.c', 'GET /reset?token=****'],
    ['JSON, with an escaped quote', '{"password":"s3cr\\"et","user":"bob"}', '{"password":"****","user":"bob"}'],
    ['JS object', "{ password: 'hunter2', user: 'bob', apiKey: k-12345 }", "{ password: '****', user: 'bob', apiKey: **** }"],
    ['PHP array', "'secret' => 'xyz123', 'driver' => 'database'", "'secret' => '****', 'driver' => 'database'"],
    ['Authorization header', 'Authorization: Bearer eyJhbGciOi.abc.def', 'Authorization: ****'],
    ['Cookie header, every cookie', 'Cookie: theme=dark; myapp_sess=abcdef123; XSRF-TOKEN=zz', 'Cookie: ****'],
    [
      'quoted headers in a logged object',
      "headers: { authorization: 'Basic dXNlcjpwYXNz', cookie: 'laravel_session=eyJpdiI6; a=b' }",
      "headers: { authorization: '****', cookie: '****' }",
    ],
    [
      'session ids',
      'PHPSESSID=8f2k3j4h5g laravel_session=eyJpdiI6Ik connect.sid=s%3Aabc sessionId: 1234abcd',
      'PHPSESSID=**** laravel_session=**** connect.sid=**** sessionId: ****',
    ],
    ['a key inside a value', 'x=DB_PASSWORD=secret99', 'x=DB_PASSWORD=****'],
    ['scheme then credential', 'auth: Bearer zzzzzzzz next', 'auth: **** next'],
    [
      'tokens without a key',
      'sent Bearer abcdefgh12 with base64:QUJDREVGR0hJSktM and eyJhbGciOiJI.eyJzdWIiOiIx.sig',
      'sent Bearer **** with base64:**** and ****',
    ],
    ['SQL Server braces after =', 'password={a;b}c rest', 'password=**** rest'],
  ];
  for (const [name, text, out] of cases) {
    it(name, () => assert.equal(maskSecretsInText(text), out));
  }

  it('leaves error messages and ordinary keys alone', () => {
    for (const text of [
      'The table `main.Session` does not exist in the current database.',
      "SQLSTATE[42S02]: Base table or view not found: 1146 Table 'app.personal_access_tokens' doesn't exist",
      "meta: { modelName: 'Session', table: 'main.Session' }",
      'no such table: password_resets',
      'monkey: banana, author: me, keyboard: us, password: null, token=',
    ]) {
      assert.equal(maskSecretsInText(text), text);
    }
  });

  it('knows secret key names, not look-alikes', () => {
    const yes = [
      'DB_PASSWORD',
      'APP_KEY',
      'api_key',
      'apiKey',
      'x-api-key',
      'AWS_SECRET_ACCESS_KEY',
      'access_token',
      'XSRF-TOKEN',
      'PHPSESSID',
      'laravel_session',
      'connect.sid',
      'sessionId',
      'Authorization',
      'Set-Cookie',
      'pwd',
      'DB_PASS',
      'auth',
      'client_secret',
      'privateKey',
    ];
    const no = ['monkey', 'author', 'keyboard', 'modelName', 'table', 'sessions_count', 'code', 'errno'];
    assert.deepEqual(
      yes.filter((k) => !isSecretKey(k)),
      [],
    );
    assert.deepEqual(
      no.filter((k) => isSecretKey(k)),
      [],
    );
  });
});
