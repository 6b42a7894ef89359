import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
const N=40000;
const convs = Array.from({length:200},()=>randomUUID());
const msgs = Array.from({length:N},(_,i)=>({c:convs[i%200], id:randomUUID(), t:'hello there message '+i, at:new Date().toISOString()}));
const cols=`"from" TEXT NOT NULL, agent_id TEXT, agent_name TEXT, text TEXT NOT NULL, kind TEXT NOT NULL, sent_at TEXT NOT NULL`;
const pos = (m,s)=>[m.c,s,m.id,'visitor',null,null,m.t,'text',m.at];
function bench(label, pragmas, batch=40){
  for (const f of ['','-wal','-shm']) rmSync('/tmp/sq/db'+f,{force:true});
  const db=new Database('/tmp/sq/db'); db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL'); db.pragma('wal_autocheckpoint = 10000'); db.pragma('foreign_keys = ON'); for (const p of pragmas) db.pragma(p);
  db.exec(`CREATE TABLE conversations (id TEXT PRIMARY KEY, org_id TEXT, x TEXT) STRICT; CREATE TABLE messages (conversation_id TEXT NOT NULL REFERENCES conversations(id), seq INTEGER NOT NULL, message_id TEXT NOT NULL, ${cols}, PRIMARY KEY (conversation_id, seq), UNIQUE (conversation_id, message_id)) STRICT, WITHOUT ROWID;`);
  const ins = db.prepare('INSERT INTO conversations VALUES (?,?,?)'); for (const c of convs) ins.run(c,'demo','{}');
  const im=db.prepare(`INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (conversation_id, message_id) DO NOTHING`); const seqs=new Map(convs.map(c=>[c,0]));
  let i=0; const t0=process.hrtime.bigint(); let tc=0n;
  while(i<N){ db.exec('BEGIN IMMEDIATE'); for(let k=0;k<batch&&i<N;k++,i++){const m=msgs[i]; const s=seqs.get(m.c)+1; seqs.set(m.c,s); im.run(pos(m,s));} const a=process.hrtime.bigint(); db.exec('COMMIT'); tc+=process.hrtime.bigint()-a; }
  const t=Number(process.hrtime.bigint()-t0)/1e3/N; console.log(label.padEnd(34), t.toFixed(1),'µs/msg; commit', (Number(tc)/1e3/N).toFixed(1)); db.close();
}
const which = process.argv[2];
if (!which || which==='a') { bench('plain', []); bench('exclusive', ['locking_mode = EXCLUSIVE']); bench('checkpoint 1000', ['wal_autocheckpoint = 1000']); bench('checkpoint 100000', ['wal_autocheckpoint = 100000']); bench('plain',[]);bench('exclusive', ['locking_mode = EXCLUSIVE']);}
if (which==='s') bench('plain', []);
