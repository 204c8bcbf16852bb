-- Plain Neovim 0.7 client with a model engine: waits until the model's
-- summary of the first listed function lands in its hover, edits the
-- function's body, records the hover and lenses right after the edit,
-- lets the server answer (creates spec.release), and records the hover
-- once the new summary has landed.
local e2e = dofile(os.getenv("E2E_LUA_DIR") .. "/common.lua")
local spec = e2e.spec

local client_id = e2e.plain_client({ "go" }, { debounce_text_changes = 0 })

local function hover(bufnr, h)
  return e2e.hover(bufnr, client_id(), h)
end

-- model_summary reports whether a hover shows the model's settled summary.
local function model_summary(text)
  return text ~= nil and text:find(spec.settings.remoteModel, 1, true) ~= nil and text:find("pending", 1, true) == nil
    and text:find("updating", 1, true) == nil
end

e2e.run(function()
  local f = spec.files[1]
  local bufnr = e2e.open(f.path, client_id)
  if bufnr == nil then
    return
  end
  local rec = { path = f.path, hovers = {} }
  table.insert(e2e.result.files, rec)
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
