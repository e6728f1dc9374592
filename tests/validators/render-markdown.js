// Parses a Markdown file with the CommonMark reference implementation (npm commonmark) and prints,
// as JSON, the first heading's and the first paragraph's plain text and the kinds of inline nodes
// they hold: text a spec gave must come out as text, never as emphasis, a link or raw HTML.
// Usage: node render-markdown.js FILE.md
const fs = require("fs");
const commonmark = require("commonmark");
const doc = new commonmark.Parser().parse(fs.readFileSync(process.argv[2], "utf8"));
const blocks = [];
for (let node = doc.firstChild; node; node = node.next) {
  if (node.type === "heading" || node.type === "paragraph") blocks.push(node);
  if (blocks.length === 2) break;
}
const describe = (block) => {
  let text = "";
  const kinds = new Set();
  const walker = block.walker();
  let event;
  while ((event = walker.next())) {
    if (!event.entering || event.node === block) continue;
    kinds.add(event.node.type);
    if (event.node.literal) text += event.node.literal;
  }
  return { type: block.type, text, kinds: [...kinds] };
};
console.log(JSON.stringify(blocks.map(describe)));
