(function () {
  "use strict";
  var box = document.getElementById("mirror-verify");
  var M = JSON.parse(document.getElementById("mirror-verify-messages").textContent);
  var root = new URL(box.dataset.root || "./", location.href);
  var embedded = box.dataset.key;
  var status = document.getElementById("verify-status");
  var details = document.getElementById("verify-details");
  var PIN = "dateline-mirror-pin";
  var FIXED = ["manifest.json", "manifest.json.sig"];

  function bytes(text) {
    var raw = atob(text.trim()), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function hex(buffer) {
    return Array.from(new Uint8Array(buffer), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }
  async function fingerprint(key) {
    try { return "SHA256:" + hex(await crypto.subtle.digest("SHA-256", bytes(key))); } catch (e) { return "?"; }
  }
  function readPin() { try { return localStorage.getItem(PIN) || ""; } catch (e) { return ""; } }
  function normalFingerprint(text) { return "SHA256:" + text.slice(7).trim().toLowerCase().replace(/:/g, ""); }

  async function signatureProblems(manifestBytes, manifest, read, notes) {
    var problems = [];
    var embeddedPrint = await fingerprint(embedded);
    var ownPrint = await fingerprint((manifest.key || {}).public_key || "");
    if (ownPrint !== embeddedPrint) problems.push(M.other_key.replace("{key}", ownPrint));
    var key = embedded, pin = readPin();
    if (pin) {
      var isPrint = /^sha256:/i.test(pin);
      var pinPrint = isPrint ? normalFingerprint(pin) : await fingerprint(pin);
      if (pinPrint !== embeddedPrint) problems.push(M.pinned_differs.replace("{key}", embeddedPrint));
      if (!isPrint) key = pin;
      notes.push(M.pinned_used);
    } else {
      notes.push(M.not_pinned);
    }
    var signature = await read("manifest.json.sig");
    if (!signature) { problems.push(M.signature_missing); return problems; }
    try {
      var imported = await crypto.subtle.importKey("raw", bytes(key), { name: "Ed25519" }, false, ["verify"]);
      var good = await crypto.subtle.verify({ name: "Ed25519" }, imported,
        bytes(new TextDecoder().decode(signature)), manifestBytes);
      if (!good) problems.push(M.signature_bad);
    } catch (error) {
      problems.push(error && error.name === "NotSupportedError" ? M.no_ed25519 : M.signature_bad);
    }
    return problems;
  }

  async function compareFiles(manifest, read, names, found) {
    var entries = manifest.files, next = 0, done = 0;
    async function worker() {
      while (next < entries.length) {
        var entry = entries[next++];
        var data = await read(entry.path);
        if (!data) found.missing.push(entry.path);
        else if (data.byteLength !== entry.size ||
                 hex(await crypto.subtle.digest("SHA-256", data)) !== entry.sha256) found.changed.push(entry.path);
        done++;
        if (done % 20 === 0) status.textContent = M.checking.replace("%(done)s", done).replace("%(total)s", entries.length);
      }
    }
    await Promise.all([worker(), worker(), worker(), worker(), worker(), worker()]);
    if (names) {
      var listed = new Set(entries.map(function (e) { return e.path; }));
      names.forEach(function (n) { if (!listed.has(n) && FIXED.indexOf(n) < 0) found.added.push(n); });
    }
  }

  async function check(read, names) {
    var notes = [], found = { problems: [], changed: [], missing: [], added: [] }, manifest = null;
    details.textContent = "";
    var manifestBytes = await read("manifest.json");
    if (!manifestBytes) {
      found.problems.push(M.manifest_missing);
    } else {
      try {
        manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
        if (!Array.isArray(manifest.files)) throw new Error("no files");
      } catch (e) { manifest = null; found.problems.push(M.manifest_invalid); }
    }
    if (manifest) {
      found.problems = await signatureProblems(manifestBytes, manifest, read, notes);
      await compareFiles(manifest, read, names, found);
      if (!names) notes.push(M.cannot_list);
    }
    show(found, manifest, notes);
  }

  function show(found, manifest, notes) {
    var good = manifest && !found.problems.length && !found.changed.length && !found.missing.length && !found.added.length;
    status.dataset.result = good ? "good" : "bad";
    if (good) {
      var when = new Date(manifest.built_at).toLocaleString(document.documentElement.lang, { dateStyle: "long", timeStyle: "short" });
      status.textContent = M.good.replace("{newsroom}", manifest.newsroom.name).replace("{date}", when);
    } else {
      status.textContent = M.bad;
    }
    function line(text, kind) {
      var item = document.createElement("li");
      item.textContent = text;
      if (kind) item.className = "verify-" + kind;
      details.append(item);
    }
    found.problems.forEach(function (p) { line(p, "problem"); });
    ["changed", "missing", "added"].forEach(function (kind) {
      found[kind].sort().forEach(function (path) { line(M[kind] + ": " + path, kind); });
    });
    notes.forEach(function (n) { line(n, "note"); });
  }

  function fromServer(path) {
    var address = new URL(path.split("/").map(encodeURIComponent).join("/"), root);
    return fetch(address, { cache: "no-store" }).then(function (response) {
      return response.ok ? response.arrayBuffer() : null;
    }, function () { return null; });
  }

  function fromFolder(fileList) {
    var files = new Map();
    Array.from(fileList).forEach(function (file) {
      var path = (file.webkitRelativePath || file.name).split("/").slice(1).join("/");
      files.set(path, file);
    });
    var read = function (path) { return files.has(path) ? files.get(path).arrayBuffer() : Promise.resolve(null); };
    return check(read, new Set(files.keys()));
  }

  var picker = document.getElementById("verify-folder");
  picker.addEventListener("change", function () { fromFolder(picker.files); });
  document.getElementById("verify-pin-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var value = document.getElementById("verify-pin").value.trim();
    var valid = /^sha256:[0-9a-f:]{64,95}$/i.test(value) || (/^[A-Za-z0-9+/]{43}=$/.test(value));
    if (!valid) { status.textContent = M.pin_invalid; return; }
    try { localStorage.setItem(PIN, value); } catch (e) { /* private mode: pinned for this check only */ }
    status.textContent = M.pin_saved;
    start();
  });
  function start() {
    if (location.protocol === "file:") {
      document.getElementById("verify-folder-box").hidden = false;
      status.textContent = M.choose_folder;
      if (picker.files.length) fromFolder(picker.files);
    } else {
      check(fromServer, null);
    }
  }
  start();
})();
