/** Names of the indexes a DDL script of ours creates (`CREATE [UNIQUE] INDEX "name"` / `` `name` ``). */
export function indexNamesIn(sql: string): string[] {
  const out: string[] = [];
  const re = /CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"([^"]+)"|`([^`]+)`|([A-Za-z_][\w$]*))/gi;
  for (let m = re.exec(sql); m; m = re.exec(sql)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}
