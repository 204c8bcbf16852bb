-- summarizer.nvim: starts summarizer-lsp for the configured filetypes, keeps
-- its code lenses fresh, shows its progress and adds the explain commands.
--
-- Works on Neovim 0.7.2 and uses newer APIs (vim.lsp.start, the bufnr form
-- of codelens refresh) when they exist. nvim-lspconfig is not needed; when it
-- is installed the two coexist, since this plugin starts its own client.
local M = {}

local api = vim.api
local lsp = vim.lsp

local NAME = "summarizer-lsp"

-- Filetypes whose LSP languageId differs from the Neovim filetype name.
local language_ids = {
  cs = "csharp",
  javascriptreact = "javascript",
}

M.defaults = {
  -- Command that starts the server; the first element is the executable.
  cmd = { NAME },
  filetypes = {
    "go", "python", "javascript", "javascriptreact", "typescript", "typescriptreact",
    "rust", "java", "c", "cpp", "cs", "ruby", "php",
  },
  -- Files or directories that mark a project root; the file's directory when none is found.
  root_markers = { ".git", "go.mod", "package.json", "pyproject.toml", "Cargo.toml", "pom.xml", "Makefile" },
  -- Server settings, the names of inference/service/config.go (see the README):
  -- engine, summaryLanguage, modelPath, endpoint, remoteModel, apiKeyEnv, cacheUrl,
  -- lensRepeatsDocComment, ... Only from here: the plugin reads nothing from the project.
  settings = {},
  -- Show code lenses above functions and keep them fresh.
  codelens = true,
  -- Milliseconds of quiet after an edit before lenses are refreshed.
  debounce_ms = 400,
  -- Where explanations open: "float" or "split".
  explain_function_display = "float",
  explain_file_display = "split",
  -- Echo $/progress reports from the server in the message area.
  progress = true,
  -- Called after the client attaches to a buffer, with (client, bufnr).
  on_attach = nil,
}

M.config = vim.deepcopy(M.defaults)

-- Last summarizer/status notification and progress, per client id.
local status = {}
local progress_text = {}
-- Lens debounce timers, per buffer.
local timers = {}
-- Clients started on Neovim 0.7, per root directory (0.8+ lets vim.lsp.start reuse them).
local clients_by_root = {}

local function notify(msg, level)
  vim.notify("summarizer: " .. msg, level or vim.log.levels.INFO)
end

local function is_summarizer(client)
  return client ~= nil and client.name == NAME
end

-- summarizer clients, attached to bufnr when given (0 = current buffer).
local function clients(bufnr)
  if bufnr == 0 then
    bufnr = api.nvim_get_current_buf()
  end
  local found
  if lsp.get_clients then
    found = lsp.get_clients({ bufnr = bufnr, name = NAME })
  elseif bufnr then
    found = lsp.buf_get_clients(bufnr)
  else
    found = lsp.get_active_clients()
  end
  local out = {}
  for _, client in pairs(found) do
    if is_summarizer(client) then
      table.insert(out, client)
    end
  end
  return out
end

-- client:request on 0.11+, where the dot form is deprecated; client.request before.
local function request(client, method, params, handler, bufnr)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

-- Requests lenses for bufnr from client and lets Neovim's codelens module
-- display them (and resolve those without a command). It does not depend on
-- the buffer being current, unlike vim.lsp.codelens.refresh() on 0.7.
function M.refresh_lenses(bufnr, client)
  if not M.config.codelens or not api.nvim_buf_is_valid(bufnr) then
    return
  end
  local targets = client and { client } or clients(bufnr)
  for _, c in ipairs(targets) do
    local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }
    request(c, "textDocument/codeLens", params, function(err, result, ctx, cfg)
      if not api.nvim_buf_is_valid(bufnr) then
        return
      end
      ctx.bufnr = ctx.bufnr or bufnr
      ctx.client_id = ctx.client_id or c.id
      lsp.codelens.on_codelens(err, result, ctx, cfg)
    end, bufnr)
  end
end

local function refresh_client_buffers(client)
  for _, bufnr in ipairs(api.nvim_list_bufs()) do
    if api.nvim_buf_is_loaded(bufnr) and lsp.buf_is_attached(bufnr, client.id) then
      M.refresh_lenses(bufnr, client)
    end
  end
end

local function schedule_refresh(bufnr)
  local timer = timers[bufnr]
  if timer == nil then
    timer = vim.loop.new_timer()
    timers[bufnr] = timer
  end
  timer:stop()
  timer:start(M.config.debounce_ms, 0, vim.schedule_wrap(function()
    M.refresh_lenses(bufnr)
  end))
end

local function stop_timer(bufnr)
  local timer = timers[bufnr]
  if timer ~= nil then
    timer:stop()
    timer:close()
    timers[bufnr] = nil
  end
end

-- Markdown display ---------------------------------------------------------

local function markdown_lines(markdown)
  if type(markdown) == "table" then
    markdown = markdown.value or table.concat(markdown, "\n")
  end
  return vim.split(markdown or "", "\n", { plain = true })
end

-- Shows markdown in a floating window or a split; returns the window id.
function M.show_markdown(markdown, display, title)
  local lines = markdown_lines(markdown)
  if display == "split" then
    local buf = api.nvim_create_buf(false, true)
    api.nvim_buf_set_lines(buf, 0, -1, false, lines)
    api.nvim_buf_set_option(buf, "filetype", "markdown")
    api.nvim_buf_set_option(buf, "bufhidden", "wipe")
    api.nvim_buf_set_option(buf, "modifiable", false)
    if title then
      pcall(api.nvim_buf_set_name, buf, "summarizer://" .. title)
    end
    vim.cmd("botright vsplit")
    local win = api.nvim_get_current_win()
    api.nvim_win_set_buf(win, buf)
    api.nvim_win_set_option(win, "wrap", true)
    api.nvim_win_set_option(win, "linebreak", true)
    return win
  end
  local _, win = lsp.util.open_floating_preview(lines, "markdown", {
    border = "rounded",
    focus_id = "summarizer",
    max_width = math.max(40, math.floor(vim.o.columns * 0.6)),
    max_height = math.max(10, math.floor(vim.o.lines * 0.6)),
  })
  return win
end

-- Commands -------------------------------------------------------------------

local function first_client(bufnr)
  local clients = clients(bufnr)
  if #clients == 0 then
    notify("no summarizer-lsp client attached to this buffer", vim.log.levels.WARN)
    return nil
  end
  return clients[1]
end

-- Runs a workspace/executeCommand and shows its markdown result.
local function execute(client, bufnr, command, arguments, display, title)
  request(client, "workspace/executeCommand", { command = command, arguments = arguments },
    function(err, result)
      if err then
        notify(command .. " failed: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
        return
      end
      if result == nil or result == vim.NIL or result == "" then
        notify("nothing to explain here", vim.log.levels.INFO)
        return
      end
      M.show_markdown(result, display, title)
    end, bufnr)
end

-- Explains the whole file in bufnr (0 = current).
function M.explain_file(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and api.nvim_get_current_buf() or bufnr
  local client = first_client(bufnr)
  if client then
    local name = vim.fn.fnamemodify(api.nvim_buf_get_name(bufnr), ":t")
    execute(client, bufnr, "summarizer.explainFile", { vim.uri_from_bufnr(bufnr) },
      M.config.explain_file_display, "overview/" .. name)
  end
end

-- Explains the function under the cursor.
function M.explain_function()
  local bufnr = api.nvim_get_current_buf()
  local client = first_client(bufnr)
  if client then
    local params = lsp.util.make_position_params(0, client.offset_encoding)
    execute(client, bufnr, "summarizer.explainFunction", { params.textDocument.uri, params.position },
      M.config.explain_function_display)
  end
end

-- Clears the server's summary cache and refreshes lenses.
function M.clear_cache()
  for _, client in ipairs(clients()) do
    request(client, "workspace/executeCommand", { command = "summarizer.clearCache", arguments = {} },
      function(err)
        if err then
          notify("clear cache failed: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
          return
        end
        notify("cache cleared")
        refresh_client_buffers(client)
      end, nil)
  end
end

-- Client-side handlers for the commands the server puts in lenses and code
-- actions, so their markdown results are shown instead of dropped.
local client_commands = {
  ["summarizer.explainFunction"] = function(command, ctx)
    local client = lsp.get_client_by_id(ctx.client_id)
    if client then
      execute(client, ctx.bufnr, command.command, command.arguments, M.config.explain_function_display)
    end
  end,
  ["summarizer.explainFile"] = function(command, ctx)
    local client = lsp.get_client_by_id(ctx.client_id)
    if client then
      execute(client, ctx.bufnr, command.command, command.arguments, M.config.explain_file_display, "overview")
    end
  end,
}

-- Status and progress -------------------------------------------------------

-- Summaries queued or running in a summarizer/status notification.
local function pending(s)
  return (tonumber(s.queued) or 0) + (tonumber(s.running) or 0)
end

-- A short text for the statusline, e.g. "heuristic" or "onnx:qwen 3/12".
function M.status()
  local parts = {}
  for _, client in ipairs(clients()) do
    local s = status[client.id]
    if s then
      local text = tostring(s.engine or "?")
      local n = pending(s)
      if n > 0 then
        text = text .. " (" .. n .. " pending)"
      end
      table.insert(parts, text)
    end
    if progress_text[client.id] then
      table.insert(parts, progress_text[client.id])
    end
  end
  return table.concat(parts, " ")
end

local function on_status(_, result, ctx)
  if type(result) ~= "table" then
    return vim.NIL
  end
  local prev = status[ctx.client_id]
  status[ctx.client_id] = result
  local busy = function(s)
    return s ~= nil and pending(s) > 0
  end
  -- Background summaries finished: lenses now have titles to show.
  if busy(prev) and not busy(result) then
    local client = lsp.get_client_by_id(ctx.client_id)
    if client then
      refresh_client_buffers(client)
    end
  end
  return vim.NIL
end

local function on_progress(err, result, ctx, cfg)
  local default = lsp.handlers["$/progress"]
  local ret
  if default then
    ret = default(err, result, ctx, cfg)
  end
  if not M.config.progress or type(result) ~= "table" or type(result.value) ~= "table" then
    return ret
  end
  local v = result.value
  if v.kind == "end" then
    progress_text[ctx.client_id] = nil
    api.nvim_echo({ { "summarizer: " .. (v.message or "done"), "None" } }, false, {})
  else
    local text = v.title or ""
    if v.message then
      text = text .. " " .. v.message
    end
    if v.percentage then
      text = text .. string.format(" %d%%", v.percentage)
    end
    progress_text[ctx.client_id] = text
    api.nvim_echo({ { "summarizer: " .. text, "None" } }, false, {})
  end
  return ret
end

local function on_codelens_refresh(_, _, ctx)
  local client = lsp.get_client_by_id(ctx.client_id)
  if client then
    refresh_client_buffers(client)
  end
  return vim.NIL
end

-- Client ----------------------------------------------------------------------

local function find_root(path)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  local cur = dir
  while true do
    for _, marker in ipairs(M.config.root_markers) do
      if vim.loop.fs_stat(cur .. "/" .. marker) then
        return cur
      end
    end
    local parent = vim.fn.fnamemodify(cur, ":h")
    if parent == cur then
      return dir
    end
    cur = parent
  end
end

local function capabilities()
  local caps = lsp.protocol.make_client_capabilities()
  caps.workspace = caps.workspace or {}
  -- The plugin answers workspace/codeLens/refresh itself, also on 0.7.
  caps.workspace.codeLens = { refreshSupport = true }
  return caps
end

local function on_attach(client, bufnr)
  if M.config.codelens then
    M.refresh_lenses(bufnr, client)
    local group = api.nvim_create_augroup("summarizer_buf_" .. bufnr, { clear = true })
    api.nvim_create_autocmd({ "TextChanged", "InsertLeave" }, {
      group = group,
      buffer = bufnr,
      callback = function() schedule_refresh(bufnr) end,
    })
    api.nvim_create_autocmd({ "BufWipeout" }, {
      group = group,
      buffer = bufnr,
      callback = function() stop_timer(bufnr) end,
    })
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

-- The user's settings plus clientDisplaysResults: the plugin shows the
-- markdown the explain commands return, so the server must not also show a
-- message or open a document (which would show each explanation twice).
local function server_settings()
  local out = vim.deepcopy(M.config.settings or {})
  out.clientDisplaysResults = true
  return out
end

-- The client configuration for a buffer rooted at root_dir.
function M.client_config(root_dir)
  return {
    name = NAME,
    cmd = M.config.cmd,
    root_dir = root_dir,
    workspace_folders = { { uri = vim.uri_from_fname(root_dir), name = root_dir } },
    init_options = server_settings(),
    settings = { summarizer = server_settings() },
    capabilities = capabilities(),
    get_language_id = function(_, filetype)
      return language_ids[filetype] or filetype
    end,
    commands = client_commands,
    handlers = {
      ["summarizer/status"] = on_status,
      ["$/progress"] = on_progress,
      ["workspace/codeLens/refresh"] = on_codelens_refresh,
    },
    on_attach = on_attach,
    on_exit = function(_, _, client_id)
      status[client_id] = nil
      progress_text[client_id] = nil
      for root, id in pairs(clients_by_root) do
        if id == client_id then
          clients_by_root[root] = nil
        end
      end
    end,
  }
end

-- Starts (or reuses) the client for bufnr and attaches it.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and api.nvim_get_current_buf() or bufnr
  local fname = api.nvim_buf_get_name(bufnr)
  if fname == "" or api.nvim_buf_get_option(bufnr, "buftype") ~= "" then
    return
  end
  if vim.fn.executable(M.config.cmd[1]) ~= 1 then
    notify("server not found: " .. M.config.cmd[1] .. " (install summarizer-lsp or set cmd in setup())",
      vim.log.levels.ERROR)
    return
  end
  local root = find_root(fname)
  if lsp.start then
    lsp.start(M.client_config(root), { bufnr = bufnr })
    return
  end
  local id = clients_by_root[root]
  if id == nil or lsp.client_is_stopped(id) then
    id = lsp.start_client(M.client_config(root))
    if id == nil then
      notify("could not start " .. table.concat(M.config.cmd, " "), vim.log.levels.ERROR)
      return
    end
    clients_by_root[root] = id
  end
  lsp.buf_attach_client(bufnr, id)
end

local function create_commands()
  local cmd = api.nvim_create_user_command
  cmd("SummarizerExplainFile", function() M.explain_file(0) end,
    { desc = "Explain the current file (overview of its functions)" })
  cmd("SummarizerExplainFunction", function() M.explain_function() end,
    { desc = "Explain the function under the cursor" })
  cmd("SummarizerClearCache", function() M.clear_cache() end,
    { desc = "Clear the summary cache" })
  cmd("SummarizerStatus", function() notify(M.status() ~= "" and M.status() or "no status yet") end,
    { desc = "Show the engine in use and pending summaries" })
end

-- setup{...} merges opts into the defaults, registers the commands and starts
-- the client for the configured filetypes (including buffers already open).
function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  if opts and opts.filetypes then
    M.config.filetypes = opts.filetypes
  end
  create_commands()
  local group = api.nvim_create_augroup("summarizer", { clear = true })
  api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args) M.attach(args.buf) end,
  })
  for _, bufnr in ipairs(api.nvim_list_bufs()) do
    if api.nvim_buf_is_loaded(bufnr)
        and vim.tbl_contains(M.config.filetypes, api.nvim_buf_get_option(bufnr, "filetype")) then
      M.attach(bufnr)
    end
  end
end

return M
