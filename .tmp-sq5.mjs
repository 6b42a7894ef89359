import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
const N=60000;
const convs = Array.from({length:200},()=>randomUUID());
const msgs = Array.from({length:N},(_,i)=>({c:convs[i%200], id:randomUUID(), t:'hello there message '+i, at:new Date().toISOString()}));
const cols=`"from" TEXT NOT NULL, agent_id TEXT, agent_name TEXT, text TEXT NOT NULL, kind TEXT NOT NULL, sent_at TEXT NOT NULL`;
const pos = (m,s)=>[m.c,s,m.id,'visitor',null,null,m.t,'text',m.at];
function open(){ for (const f of ['','-wal','-shm']) rmSync('/tmp/sq/db'+f,{force:true});
  const db=new Database('/tmp/sq/db'); db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL'); db.pragma('wal_autocheckpoint = 10000'); db.pragma('foreign_keys = ON');
  db.exec(`CREATE TABLE conversations (id TEXT PRIMARY KEY, org_id TEXT, x TEXT) STRICT; CREATE TABLE messages (conversation_id TEXT NOT NULL REFERENCES conversations(id), seq INTEGER NOT NULL, message_id TEXT NOT NULL, ${cols}, PRIMARY KEY (conversation_id, seq), UNIQUE (conversation_id, message_id)) STRICT, WITHOUT ROWID;
  CREATE TABLE message_log (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, message_id TEXT NOT NULL, ${cols}) STRICT;`);
  const ins = db.prepare('INSERT INTO conversations VALUES (?,?,?)'); for (const c of convs) ins.run(c,'demo','{}'); return db; }
function direct(batch=40){ const db=open();
  const im=db.prepare(`INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (conversation_id, message_id) DO NOTHING`); const seqs=new Map(convs.map(c=>[c,0]));
  let i=0; const t0=process.hrtime.bigint();
  while(i<N){ db.exec('BEGIN IMMEDIATE'); for(let k=0;k<batch&&i<N;k++,i++){const m=msgs[i]; const s=seqs.get(m.c)+1; seqs.set(m.c,s); im.run(pos(m,s));} db.exec('COMMIT'); }
  console.log('direct'.padEnd(30), (Number(process.hrtime.bigint()-t0)/1e3/N).toFixed(1),'µs/msg'); db.close(); }
function logged(batch=40, compactEvery=4000){ const db=open();
  const il=db.prepare(`INSERT INTO message_log VALUES (?,?,?,?,?,?,?,?,?)`); const look=db.prepare('SELECT 1 FROM messages WHERE conversation_id=? AND message_id=?').pluck();
  const compact=db.transaction(()=>{ db.prepare(`INSERT INTO messages SELECT * FROM message_log ORDER BY conversation_id, seq`).run(); db.prepare('DELETE FROM message_log').run(); });
  const seqs=new Map(convs.map(c=>[c,0])); const pending=new Set();
  let i=0; const t0=process.hrtime.bigint(); let tcomp=0n;
  while(i<N){ db.exec('BEGIN IMMEDIATE'); for(let k=0;k<batch&&i<N;k++,i++){const m=msgs[i]; if (pending.has(m.id)|| look.get(m.c,m.id)) continue; const s=seqs.get(m.c)+1; seqs.set(m.c,s); il.run(pos(m,s)); pending.add(m.id);} db.exec('COMMIT');
    if (pending.size>=compactEvery){ const a=process.hrtime.bigint(); compact(); pending.clear(); tcomp+=process.hrtime.bigint()-a;} }
  console.log(`log+compact/${compactEvery}`.padEnd(30), (Number(process.hrtime.bigint()-t0)/1e3/N).toFixed(1),'µs/msg; of which compaction', (Number(tcomp)/1e3/N).toFixed(1)); db.close(); }
for (const r of [0,1]) { direct(); logged(40, 4000); logged(40, 1000); logged(40,16000); }
