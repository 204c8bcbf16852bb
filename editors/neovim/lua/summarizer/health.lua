-- :checkhealth summarizer
local M = {}

-- vim.health on 0.8+ (start/ok/... on 0.10+, report_* before), require("health") on 0.7.
local function reporter()
  local h = vim.health or require("health")
  return {
    start = h.start or h.report_start,
    ok = h.ok or h.report_ok,
    info = h.info or h.report_info,
    warn = h.warn or h.report_warn,
    error = h.error or h.report_error,
  }
end

-- The cache counters of a running server, and the team cache's circuit.
function M.report_cache(r, client)
  local ok, res = pcall(client.request_sync, "workspace/executeCommand",
    { command = "summarizer.status", arguments = {} }, 2000, 0)
  local c = ok and res and type(res.result) == "table" and res.result.cache
  if type(c) ~= "table" then
    return
  end
  r.info(string.format("cache: memory %d hits / %d misses, file %d hits / %d misses",
    c.memory.hits, c.memory.misses, c.file.hits, c.file.misses))
  local sh = c.shared
  if type(sh) ~= "table" then
    return
  end
  local line = string.format("team cache %s: circuit %s; %d hits, %d misses, %d refused, %d errors; %d writes dropped",
    sh.target, sh.circuit, sh.hits, sh.misses, sh.rejected, sh.errors, sh.dropped)
  if sh.circuit == "closed" then
    r.ok(line)
  else
    r.warn(line, { "The server stopped asking the team cache after repeated failures; see its log (:LspLog)",
      "Check cacheUrl, the password in the variable cachePasswordEnv names, and the ACL user" })
  end
end

function M.check()
  local r = reporter()
  local summarizer = require("summarizer")
  local cfg = summarizer.config

  r.start("summarizer: Neovim")
  if vim.fn.has("nvim-0.7") == 1 then
    r.ok("Neovim " .. tostring(vim.version().major) .. "." .. tostring(vim.version().minor) .. " is supported")
  else
    r.error("Neovim 0.7 or newer is required")
  end

  r.start("summarizer: server")
  local exe = cfg.cmd[1]
  if vim.fn.executable(exe) == 1 then
    r.ok("server found: " .. vim.fn.exepath(exe))
  else
    r.error("server not found: " .. exe, {
      "Build it: go build -o ~/.local/bin/summarizer-lsp ./cmd/summarizer-lsp",
      "or point the plugin at it: require('summarizer').setup{ cmd = { '/path/to/summarizer-lsp' } }",
    })
  end

  r.start("summarizer: settings")
  local s = cfg.settings or {}
  r.info("engine: " .. tostring(s.engine or "auto (server default)"))
  if s.modelPath and s.modelPath ~= "" then
    if vim.fn.isdirectory(vim.fn.expand(s.modelPath)) == 1 then
      r.ok("model directory exists: " .. s.modelPath)
    else
      r.error("model directory not found: " .. s.modelPath,
        { "Download one with: summarizer-lsp models pull onnx-community/Qwen2.5-Coder-0.5B-Instruct" })
    end
  else
    r.info("no modelPath set: the server uses its built-in heuristic engine unless it finds a model")
  end
  if s.onnxruntimeLib and s.onnxruntimeLib ~= "" then
    if vim.loop.fs_stat(vim.fn.expand(s.onnxruntimeLib)) then
      r.ok("ONNX Runtime library exists: " .. s.onnxruntimeLib)
    else
      r.error("ONNX Runtime library not found: " .. s.onnxruntimeLib)
    end
  end

  r.start("summarizer: clients")
  local running = false
  for _, client in pairs(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()) do
    if client.name == "summarizer-lsp" then
      running = true
      r.ok(string.format("client %d running, root %s", client.id, tostring(client.config.root_dir)))
      M.report_cache(r, client)
    end
  end
  if not running then
    r.info("no client running (open a file of a configured filetype: "
      .. table.concat(cfg.filetypes, ", ") .. ")")
  end
  local st = summarizer.status()
  if st ~= "" then
    r.info("status: " .. st)
  end
end

return M
