import { acceptKey } from "upgrade-handshake";

const key = document.getElementById("key");
const out = document.getElementById("accept");
const update = () => { out.textContent = acceptKey(key.value.trim()); };
key.addEventListener("input", update);
update();
