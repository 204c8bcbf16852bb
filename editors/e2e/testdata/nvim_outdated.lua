-- Plain Neovim 0.7 client with a model engine: waits until the model's
-- summary of the first listed function lands in its hover, edits the
-- function's body, records the hover and lenses right after the edit,
-- lets the server answer (creates spec.release), and records the hover
-- once the new summary has landed.
local e2e = dofile(os.getenv("E2E_LUA_DIR") .. "/common.lua")
local spec = e2e.spec

vim.cmd("filetype on")

local client_id
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "go" },
  callback = function(args)
    if client_id == nil then
      client_id = vim.lsp.start_client({
        name = "summarizer-lsp",
        cmd = { spec.server },
        root_dir = spec.root,
        init_options = spec.settings,
        flags = { debounce_text_changes = 0 },
      })
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})

local function hover(bufnr, h)
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", e2e.hover_params(bufnr, h), 30000)
  local r = responses and responses[client_id]
  if r == nil or r.err then
    return nil
  end
  return e2e.hover_text(r.result)
end

-- model_summary reports whether a hover shows the model's settled summary.
local function model_summary(text)
  return text ~= nil and text:find(spec.settings.remoteModel, 1, true) ~= nil and text:find("pending", 1, true) == nil
    and text:find("updating", 1, true) == nil
end

e2e.run(function()
  local f = spec.files[1]
  vim.cmd("edit " .. vim.fn.fnameescape(f.path))
  local bufnr = vim.api.nvim_get_current_buf()
  local rec = { path = f.path, hovers = {} }
  table.insert(e2e.result.files, rec)
  if not e2e.wait(30000, function()
    local c = client_id and vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized == true and vim.lsp.buf_is_attached(bufnr, client_id)
  end) then
    e2e.fail(f.path .. ": client did not start and attach")
    return
  end
  local h = f.hovers[1]
  local text
  e2e.wait(60000, function()
    text = hover(bufnr, h)
    return model_summary(text)
  end)
  table.insert(rec.hovers, { name = "before", text = text or "" })
  vim.api.nvim_buf_set_lines(bufnr, h.line + 1, h.line + 1, false, { spec.edit })
  table.insert(rec.hovers, { name = "after_edit", text = hover(bufnr, h) or "" })
  vim.lsp.codelens.refresh()
  rec.lenses = e2e.resolved_lenses(bufnr, 30000) or {}
  vim.fn.writefile({}, spec.release)
  e2e.wait(60000, function()
    text = hover(bufnr, h)
    return model_summary(text)
  end)
  table.insert(rec.hovers, { name = "landed", text = text or "" })
end)
