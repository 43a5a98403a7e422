// Run by Deno and Bun: their own WebSocket client opens the URL in argv with `chat, superchat`,
// sends a compressible text and a binary message, and prints what it saw as one JSON line.
const args = typeof Deno !== "undefined" ? Deno.args : process.argv.slice(2);
const ws = new WebSocket(args[0], ["chat", "superchat"]);
ws.binaryType = "arraybuffer";
const text = "echo ".repeat(400);
const messages = [];
const result = await new Promise((resolve) => {
  ws.onopen = () => {
    ws.send(text);
    ws.send(new Uint8Array([0, 1, 2, 250]));
  };
  ws.onmessage = (event) => {
    messages.push(event.data);
    if (messages.length === 2) {
      const [t, b] = messages;
      resolve({ protocol: ws.protocol, extensions: ws.extensions, text: t === text, binary: b instanceof ArrayBuffer ? [...new Uint8Array(b)] : String(b) });
      ws.close(1000);
    }
  };
  ws.onerror = () => resolve({ error: "error event" });
  ws.onclose = (event) => resolve({ error: `closed ${event.code}` });
});
console.log(JSON.stringify(result));
// Leave once the close handshake is done (or a moment later): nothing else keeps the process busy.
setTimeout(() => (typeof Deno !== "undefined" ? Deno.exit(0) : process.exit(0)), 500);
