import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { maskUrl, maskUrlsInText, redactSecrets } from '../../../src/core/redact';
import { fuzzRuns } from '../support/fuzzRuns';

const MASK_CASES: Array<{ name: string; url: string; masked: string; secret?: string }> = [
  { name: 'postgresql', url: 'postgresql://user:secret@host:5432/db', masked: 'postgresql://user:****@host:5432/db', secret: 'secret' },
  { name: 'postgres with schema', url: 'postgres://u:s3cr3t@db.example.com/app?schema=auth', masked: 'postgres://u:****@db.example.com/app?schema=auth', secret: 's3cr3t' },
  { name: 'mysql', url: 'mysql://root:hunter22@127.0.0.1:3306/laravel', masked: 'mysql://root:****@127.0.0.1:3306/laravel', secret: 'hunter22' },
  { name: 'mariadb', url: 'mariadb://app:pa55word@db/app', masked: 'mariadb://app:****@db/app', secret: 'pa55word' },
  { name: 'percent-encoded password', url: 'mysql://u:p%40ss%2Fw@h/db', masked: 'mysql://u:****@h/db', secret: 'p%40ss%2Fw' },
  { name: 'unencoded @ in password', url: 'postgresql://u:p@ss@host/db', masked: 'postgresql://u:****@host/db', secret: 'p@ss' },
  { name: 'unencoded / ? # in password', url: 'postgresql://u:a/b?c#d@host/db', masked: 'postgresql://u:****@host/db', secret: 'a/b?c#d' },
  { name: 'unencoded @ / # in password', url: 'postgresql://u:p@ss/w#rd@host:5433/db', masked: 'postgresql://u:****@host:5433/db', secret: 'ss/w#rd' },
  { name: 'scheme without //', url: 'mysql:u:secret99@h/db', masked: 'mysql:u:****@h/db', secret: 'secret99' },
  { name: '@ in a query value stays out of the userinfo', url: 'postgresql://u:pw12@host/db?application_name=a@b', masked: 'postgresql://u:****@host/db?application_name=a@b', secret: 'pw12' },
  { name: 'empty user', url: 'postgresql://:topsecret@host/db', masked: 'postgresql://:****@host/db', secret: 'topsecret' },
  { name: 'no password', url: 'postgresql://user@host/db', masked: 'postgresql://user@host/db' },
  { name: 'empty password', url: 'mysql://user:@host/db', masked: 'mysql://user:@host/db' },
  { name: 'no credentials', url: 'mysql://host:3306/db', masked: 'mysql://host:3306/db' },
  { name: 'password query param', url: 'postgresql://host/db?user=u&password=qwerty12&sslmode=require', masked: 'postgresql://host/db?user=u&password=****&sslmode=require', secret: 'qwerty12' },
  { name: 'sslpassword', url: 'postgresql://u@host/db?sslpassword=keypass9', masked: 'postgresql://u@host/db?sslpassword=****', secret: 'keypass9' },
  { name: 'sqlserver', url: 'sqlserver://localhost:1433;database=app;user=sa;password=Str0ng!Pw;encrypt=true', masked: 'sqlserver://localhost:1433;database=app;user=sa;password=****;encrypt=true', secret: 'Str0ng!Pw' },
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
