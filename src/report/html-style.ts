// The HTML report's stylesheet, inlined so the page is one self-contained file.
export const HTML_STYLE = `
:root { --bad: #b42318; --bad-bg: #fef3f2; --warn: #b54708; --warn-bg: #fffaeb; --ok: #067647; --ok-bg: #ecfdf3;
  --upd: #175cd3; --upd-bg: #eff8ff; --line: #e4e7ec; --dim: #667085; --text: #101828; }
* { box-sizing: border-box; }
body { margin: 0; background: #f9fafb; color: var(--text); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 48px; }
h1 { margin: 0; font-size: 26px; }
h2 { font-size: 18px; margin: 28px 0 10px; }
code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f2f4f7; border-radius: 4px; padding: 1px 4px; overflow-wrap: anywhere; }
.dim { color: var(--dim); font-weight: normal; }
header { border-left: 6px solid var(--ok); padding: 4px 0 4px 16px; margin-bottom: 20px; }
header.changes { border-color: var(--warn); }
header.bad { border-color: var(--bad); }
header.bad h1 { color: var(--bad); }
.lead { margin: 2px 0 0; font-size: 15px; }
.meta { margin: 4px 0 0; color: var(--dim); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 20px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.card b { display: block; font-size: 24px; }
.card span { color: var(--dim); }
.card.delete b, .card.bad b { color: var(--bad); }
.card.update b { color: var(--upd); }
.card.create b { color: var(--ok); }
.card.zero b { color: #98a2b3; }
.banner { border-radius: 8px; padding: 10px 14px; margin: 10px 0; border: 1px solid; }
.banner.bad { background: var(--bad-bg); border-color: #fecdca; color: var(--bad); }
.banner.warn { background: var(--warn-bg); border-color: #fedf89; color: var(--warn); }
.banner ul { margin: 6px 0 0; padding-left: 20px; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f2f4f7; font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: #475467; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num.delete { color: var(--bad); font-weight: 700; }
td.num.update { color: var(--upd); font-weight: 700; }
td.num.create { color: var(--ok); font-weight: 700; }
tr.delete td:first-child { box-shadow: inset 4px 0 var(--bad); }
tr.update td:first-child { box-shadow: inset 4px 0 var(--upd); }
tr.create td:first-child { box-shadow: inset 4px 0 var(--ok); }
.pill { display: inline-block; border-radius: 999px; padding: 0 9px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.pill.delete, .pill.bad { background: var(--bad-bg); color: var(--bad); }
.pill.update { background: var(--upd-bg); color: var(--upd); }
.pill.create, .pill.ok { background: var(--ok-bg); color: var(--ok); }
.pill.warn { background: var(--warn-bg); color: var(--warn); }
.field { margin: 2px 0; }
.field .path { background: none; padding: 0; color: #475467; font-weight: 600; }
del { background: var(--bad-bg); color: var(--bad); text-decoration: line-through; padding: 0 3px; border-radius: 3px; }
ins { background: var(--ok-bg); color: var(--ok); text-decoration: none; padding: 0 3px; border-radius: 3px; }
del, ins { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.secret { color: var(--dim); font-style: italic; }
details.unmanaged, details.information { margin-top: 10px; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; }
details.unmanaged summary, details.information summary { cursor: pointer; color: #475467; }
details.unmanaged ul, details.information ul { margin: 8px 0 4px; padding-left: 20px; }
footer { margin-top: 32px; color: var(--dim); font-size: 13px; }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0 0 8px; }
footer dd { margin: 0; }
`;
