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

return M
