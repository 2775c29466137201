/** The stylesheet of the HTML report (inlined into the page). */
export const PAGE_STYLE = `
:root{--fg:#1d2433;--muted:#6b7484;--line:#e3e6ec;--bg:#f6f7f9;--good:#2f9c5a;--bad:#d0342c;--warn:#c7801a;--accent:#3b6fd4}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{background:#1d2433;color:#fff;padding:18px 32px 0}
header h1{margin:0;font-size:24px;font-weight:650}
.subtitle{margin:4px 0 12px;color:#b9c0cc;font-size:13px}
nav{display:flex;gap:2px;flex-wrap:wrap}
nav a{color:#d9dee7;text-decoration:none;padding:8px 12px;border-radius:6px 6px 0 0;font-size:13px}
nav a:hover{background:#2c3547;color:#fff}
main{max-width:1400px;margin:0 auto;padding:8px 24px 40px}
section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 20px;margin:18px 0}
h2{margin:0 0 10px;font-size:18px}
h3{margin:14px 0 8px;font-size:15px}
.help{color:var(--muted);margin:0 0 12px;font-size:13px}
.muted{color:var(--muted)}
.small{font-size:11px}
.good{color:var(--good)}
.bad{color:var(--bad)}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f1f3f6;padding:1px 4px;border-radius:4px}
a{color:var(--accent)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fbfbfc}
.card .label{font-size:12px;color:var(--muted)}
.card .value{font-size:20px;font-weight:650;margin:2px 0}
.card .sub{font-size:12px;color:var(--muted)}
.card.compact .value{font-size:15px;line-height:1.35}
.card .unit{font-size:12px;font-weight:500;color:var(--muted)}
.card.good{border-left:4px solid var(--good)}
.card.bad{border-left:4px solid var(--bad)}
.card.bad .value{color:var(--bad)}
.card.muted .value{color:var(--muted)}
.findings{list-style:none;padding:0;margin:0}
.findings li{padding:6px 10px;border-radius:6px;margin:4px 0;background:#f7f8fa}
.findings li.error{background:#fdecea}
.findings li.warning{background:#fdf4e3}
.findings .icon{display:inline-block;width:20px;font-weight:700}
.findings li.error .icon{color:var(--bad)}
.findings li.warning .icon{color:var(--warn)}
.findings li.info .icon{color:var(--accent)}
.diagram-wrap{overflow:auto;max-height:900px;text-align:center;border:1px solid var(--line);border-radius:8px;background:#fcfcfd;padding:8px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:12.5px}
th,td{padding:5px 7px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;white-space:nowrap}
th{background:#f4f5f8;font-weight:600;position:sticky;top:0}
table.layers td:nth-child(n+8){text-align:right}
tr.overflow td{background:#fdecea}
tr.total td{font-weight:650;border-top:2px solid var(--line)}
table.kv th{background:none;font-weight:500;color:var(--muted)}
.overview{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
.layer-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:14px;margin-top:14px}
.layer-card{border:1px solid var(--line);border-radius:8px;padding:10px 12px;scroll-margin-top:12px}
.layer-card:target{outline:3px solid var(--accent)}
.layer-card h3{margin:0 0 4px;font-size:14px}
.layer-card h3 .muted{font-weight:400;font-size:12px}
.types{display:flex;flex-wrap:wrap;gap:6px;font-size:12px;color:var(--muted);margin-bottom:4px}
.stat{font-size:12px;color:#3d4656;margin:2px 0}
.backend{padding:8px 10px;border:1px solid var(--line);border-radius:6px;margin:6px 0}
.backend.good{border-left:4px solid var(--good)}
.backend.bad{border-left:4px solid var(--bad)}
footer{text-align:center;color:var(--muted);font-size:12px;padding:0 0 30px}
`;
