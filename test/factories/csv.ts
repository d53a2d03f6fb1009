/** Big employee CSV files for the import's tests and benchmark (`npm run bench -- csv`). */

const pad = (s: string, n: number, fill = 'x') => (s + fill.repeat(n)).slice(0, n);

/**
 * `rows` valid employees at the longest lengths the import allows (254-character emails, 120-character names,
 * departments and teams, a manager named by email): 5,000 rows make a 4.7 MB file, under the 5 MB upload limit.
 */
export function bigEmployeeCsv(rows: number): Buffer {
  const email = (i: number) => `${pad(`p${i}.`, 60)}@${pad('a', 63)}.${pad('b', 63)}.${pad('c', 60)}.com`;
  const lines = ['email,name,department,team,manager_email,role,start_date,locale,time_zone,active'];
  for (let i = 0; i < rows; i++) {
    const dept = pad(`Department ${i % 20} `, 120, 'd');
    const team = pad(`Team ${i % 200} `, 120, 't');
    const manager = i === 0 ? '' : email(Math.floor(i / 10) * 10 === i ? 0 : Math.floor(i / 10) * 10);
    lines.push([email(i), pad(`Person ${i} `, 120, 'n'), dept, team, manager, i % 10 === 0 ? 'manager' : 'employee', '2024-01-15', i % 2 ? 'en' : 'id', 'America/Argentina/ComodRivadavia', 'true'].join(','));
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/** `rows` short, valid employees (about 60 bytes a line). */
export function shortEmployeeCsv(rows: number): Buffer {
  const lines = ['email,name,department,team'];
  for (let i = 0; i < rows; i++) lines.push(`person${i}@acme.test,Person ${i},Sales,Team ${i % 50}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}
