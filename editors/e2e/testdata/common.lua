-- Shared by the Neovim end-to-end scripts: reads the spec the Go test wrote,
-- records observations and writes them back as JSON, then quits.
local M = {}

M.spec = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv("E2E_SPEC")), "\n"))
M.result = { files = {}, errors = {} }

-- Progress lines on stderr, which the Go test prints when it fails.
function M.log(msg)
  io.stderr:write(string.format("[%.3f] %s\n", vim.loop.hrtime() / 1e9, msg))
end

function M.fail(msg)
  M.log("FAIL " .. msg)
  table.insert(M.result.errors, msg)
end

function M.finish()
  vim.fn.writefile({ vim.fn.json_encode(M.result) }, M.spec.out)
  vim.cmd("qa!")
end

-- Runs fn after startup; any Lua error is recorded and the editor quits.
function M.run(fn)
  vim.api.nvim_create_autocmd("VimEnter", {
    once = true,
    nested = true, -- so :edit inside fires BufRead and FileType
    callback = function()
      local ok, err = xpcall(fn, debug.traceback)
      if not ok then
        M.fail("lua error: " .. tostring(err))
      end
      M.finish()
    end,
  })
end

function M.wait(ms, cond)
  return vim.wait(ms, cond, 20)
end

-- The lenses Neovim holds for bufnr as {line, title, command} when every one
-- has a command (is resolved); nil while there are none or some are pending.
function M.lenses_now(bufnr)
  local lenses = vim.lsp.codelens.get(bufnr)
  if lenses == nil or #lenses == 0 then
    return nil
  end
  local out = {}
  for _, l in ipairs(lenses) do
    if l.command == nil or l.command.title == nil or l.command.title == "" then
      return nil
    end
    table.insert(out, { line = l.range.start.line, title = l.command.title, command = l.command.command })
  end
  return out
end

-- lenses_now, waiting up to timeout_ms for them; nil after the timeout.
function M.resolved_lenses(bufnr, timeout_ms)
  local out
  M.wait(timeout_ms, function()
    out = M.lenses_now(bufnr)
    return out ~= nil
  end)
  return out
end

-- Lens titles drawn as virtual text in bufnr by client_id, as {line, text}.
function M.drawn_lenses(bufnr, client_id)
  local ns = vim.lsp.codelens.__namespaces[client_id]
  local out = {}
  for _, m in ipairs(vim.api.nvim_buf_get_extmarks(bufnr, ns, 0, -1, { details = true })) do
    local text = {}
    for _, chunk in ipairs(m[4].virt_text or {}) do
      table.insert(text, chunk[1])
    end
    table.insert(out, { line = m[2], text = table.concat(text, "") })
  end
  return out
end

-- Markdown text of a hover result.
function M.hover_text(result)
  if result == nil or result.contents == nil then
    return ""
  end
  local c = result.contents
  if type(c) == "string" then
    return c
  end
  if c.value then
    return c.value
  end
  local parts = {}
  for _, item in ipairs(c) do
    table.insert(parts, type(item) == "string" and item or item.value)
  end
  return table.concat(parts, "\n")
end

function M.hover_params(bufnr, h)
  return { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = h.line, character = h.character } }
end

-- record_messages keeps the text of every window/showMessage in
-- result.messages (and still shows it).
function M.record_messages()
  M.result.messages = {}
  local show = vim.lsp.handlers["window/showMessage"]
  vim.lsp.handlers["window/showMessage"] = function(err, result, ctx, config)
    table.insert(M.result.messages, result.message)
    return show(err, result, ctx, config)
  end
end

-- wait_message waits up to ms for a recorded message containing text.
function M.wait_message(text, ms)
  return M.wait(ms, function()
    for _, m in ipairs(M.result.messages or {}) do
      if m:find(text, 1, true) then
        return true
      end
    end
    return false
  end)
end

-- plain_client starts the server with a plain vim.lsp.start_client
-- configuration (flags may be nil) for buffers of the filetypes, and
-- attaches each such buffer. It returns a function that gives the
-- client's id (nil until the first buffer opened).
function M.plain_client(filetypes, flags)
  local id
  M.record_messages()
  vim.cmd("filetype on")
  vim.api.nvim_create_autocmd("FileType", {
    pattern = filetypes,
    callback = function(args)
      if id == nil then
        id = vim.lsp.start_client({
          name = "summarizer-lsp",
          cmd = { M.spec.server },
          root_dir = M.spec.root,
          init_options = M.spec.settings,
          flags = flags,
        })
      end
      vim.lsp.buf_attach_client(args.buf, id)
    end,
  })
  return function() return id end
end

-- open edits path and waits until the client client_id() has started,
-- initialized and attached the buffer; it returns the buffer, or nil
-- after recording the failure.
function M.open(path, client_id)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  if not M.wait(30000, function()
    local c = client_id() and vim.lsp.get_client_by_id(client_id())
    return c ~= nil and c.initialized == true and vim.lsp.buf_is_attached(bufnr, client_id())
  end) then
    M.fail(path .. ": client did not start and attach")
    return nil
  end
  return bufnr
end

-- hover asks client id for the hover at h ({line, character, name}) and
-- returns its text, or nil and what went wrong.
function M.hover(bufnr, id, h)
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", M.hover_params(bufnr, h), 30000)
  local r = responses and responses[id]
  if r == nil then
    return nil, "no hover response for " .. (h.name or "the position")
  elseif r.err then
    return nil, "hover " .. (h.name or "") .. ": " .. vim.inspect(r.err)
  end
  return M.hover_text(r.result)
end

return M
