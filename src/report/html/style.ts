/**
 * The page's style sheet, inline in every page (the Content-Security-Policy allows it by its
 * hash). State colours are shared with the page script through CSS classes.
 */
export const PAGE_STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--accent:#0969da;--up:#2da44e;--deg:#bf8700;--down:#cf222e;--idle:#8c959f;--crit:#fb8500;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:14px;color:var(--fg);background:var(--bg)}
*{box-sizing:border-box}
body{margin:0}
button,input,select{font:inherit}
button{border:1px solid var(--line);background:var(--soft);border-radius:6px;padding:3px 10px;cursor:pointer;color:var(--fg)}
button:hover{background:#eef1f4}
button.primary{background:var(--down);border-color:var(--down);color:#fff}
button.primary:hover{background:#a40e26}
.top{display:flex;align-items:center;gap:16px;padding:8px 14px;border-bottom:1px solid var(--line);background:var(--soft)}
.top h1{font-size:16px;margin:0;flex:0 1 auto;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:34vw}
.search{position:relative;flex:0 0 260px}
.search input{width:100%;padding:5px 9px;border:1px solid var(--line);border-radius:6px}
.results{position:absolute;z-index:20;top:100%;left:0;right:0;margin:2px 0 0;padding:0;list-style:none;background:#fff;border:1px solid var(--line);border-radius:6px;box-shadow:0 4px 14px rgba(0,0,0,.12);max-height:60vh;overflow:auto}
.results li{padding:0}
.results button{display:block;width:100%;text-align:left;border:0;border-radius:0;background:#fff;padding:5px 9px}
.results button:hover,.results button.active{background:#ddf4ff}
.results .rid{color:var(--muted);font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;margin-left:6px}
.status{flex:1;text-align:right;color:var(--muted);font-size:13px;line-height:1.3}
.status b{color:var(--fg)}
.whatif{padding:6px 14px;background:#fff8c5;border-bottom:1px solid #d4a72c;display:flex;gap:12px;align-items:center}
.app{display:flex;height:62vh;min-height:360px;border-bottom:1px solid var(--line)}
.kind-graph .app{height:calc(100vh - 52px)}
.kind-graph.whatif-open .app{height:calc(100vh - 220px)}
.graph-area{position:relative;flex:1;min-width:0}
.graph{position:absolute;inset:0}
.fallback{position:absolute;inset:0;overflow:auto;padding:10px 14px}
.fallback .note{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:6px 10px}
.fallback ol{padding-left:22px}
.fallback li button{border:0;background:none;padding:1px 2px;text-align:left}
.legend{position:absolute;left:10px;bottom:10px;background:rgba(255,255,255,.92);border:1px solid var(--line);border-radius:6px;padding:6px 10px;font-size:12px;line-height:1.6;max-width:48%}
.legend span{display:inline-block;margin-right:10px;white-space:nowrap}
.legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;vertical-align:-1px}
.legend button{border:0;background:none;padding:0;font-size:12px;color:var(--accent)}
.legend i.edge{width:18px;height:3px;border-radius:0;vertical-align:3px}
.panel{flex:0 0 380px;overflow:auto;padding:10px 14px;border-left:1px solid var(--line);background:#fff}
.panel h2{font-size:16px;margin:2px 0 2px}
.panel h3{font-size:13px;margin:12px 0 4px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.panel ul{margin:0;padding-left:0;list-style:none}
.panel li{margin:2px 0}
.panel li button{border:0;background:none;padding:0 2px;color:var(--accent);text-align:left}
.panel .id{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;color:var(--muted)}
.panel .hint{color:var(--muted)}
.panel .why li{padding-left:10px;border-left:2px solid var(--line)}
.panel table{border-collapse:collapse;font-size:12px;width:100%}
.panel td,.panel th{border-bottom:1px solid var(--line);padding:2px 4px;text-align:left;vertical-align:top}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;margin:2px 4px 2px 0;border:1px solid transparent}
.badge.up{background:#dafbe1;color:#116329}.badge.idle{background:var(--soft);color:var(--muted);border-color:var(--line)}
.badge.degraded{background:#fff8c5;color:#7d4e00}.badge.down{background:#ffebe9;color:#a40e26}
.badge.spof{background:#a40e26;color:#fff}.badge.shared{background:#7d4e00;color:#fff}.badge.tier{background:#ddf4ff;color:#0550ae}.badge.partial{background:#fbefff;color:#6e40c9}
.fail{display:flex;gap:6px;align-items:center;margin-top:10px}
.timebar{display:grid;grid-template-columns:auto 1fr auto;gap:4px 12px;align-items:center;padding:8px 14px;border-bottom:1px solid var(--line)}
.timebar input[type=range]{width:100%}
.clock{font-variant-numeric:tabular-nums;min-width:190px;text-align:right}
.curve{grid-column:1/4;height:70px;position:relative}
.curve .caption{position:absolute;right:4px;top:0;font-size:11px;color:var(--muted);background:rgba(255,255,255,.8)}
.curve svg,.chart svg{display:block;width:100%;height:100%;overflow:visible}
.help{position:fixed;z-index:30;top:50px;right:20px;background:#fff;border:1px solid var(--line);border-radius:8px;box-shadow:0 8px 24px rgba(0,0,0,.18);padding:10px 16px}
.help table td{padding:2px 10px 2px 0}.help kbd{font-family:ui-monospace,Menlo,monospace;background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:0 4px}
.report{max-width:1100px;margin:0 auto;padding:10px 20px 60px;line-height:1.5}
.report h1{font-size:24px}.report h2{font-size:20px;border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:28px}.report h3{font-size:16px}
.toc ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px}
.toc a{color:var(--accent);text-decoration:none}
.report .table{overflow-x:auto}
.report table{border-collapse:collapse;margin:8px 0;font-size:13px}
.report th,.report td{border:1px solid var(--line);padding:4px 8px;vertical-align:top}
.report th{background:var(--soft)}
.report .right{text-align:right}.report .center{text-align:center}
.report code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;background:var(--soft);padding:1px 4px;border-radius:4px}
.report code.service-id{cursor:pointer;color:var(--accent)}
.report pre.patch{overflow-x:auto;background:var(--soft);padding:8px 10px;border-radius:6px;font-size:12px;line-height:1.4}.report pre.patch code{background:none;padding:0}
.report details{margin:8px 0}.report summary{cursor:pointer;color:var(--accent)}
.chart{margin:10px 0;border:1px solid var(--line);border-radius:6px;padding:8px;overflow-x:auto}
.chart text,.curve text{font-size:11px;fill:var(--muted)}
.chart .label{fill:var(--fg)}.chart text.on-box{fill:#fff}
.noscript{max-width:1100px;margin:10px auto;color:var(--muted)}
[hidden]{display:none!important}
`;
