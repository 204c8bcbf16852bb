-- Plain Neovim 0.7 configuration (no plugin): starts the server for Go and
-- Python buffers, hovers each listed function and collects the code lenses.
local e2e = dofile(os.getenv("E2E_LUA_DIR") .. "/common.lua")
local spec = e2e.spec

local client_id = e2e.plain_client({ "go", "python" })

e2e.run(function()
  for _, f in ipairs(spec.files) do
    local bufnr = e2e.open(f.path, client_id)
    if bufnr == nil then
      return
    end
    local rec = { path = f.path, hovers = {} }
    table.insert(e2e.result.files, rec)
    -- A model engine loads in the background; until then hovers are built-in.
    if spec.wait_message and not e2e.wait_message(spec.wait_message, 60000) then
      e2e.fail("no message containing " .. spec.wait_message .. "; got " .. vim.inspect(e2e.result.messages))
      return
    end
    for _, h in ipairs(f.hovers) do
      local text, err = e2e.hover(bufnr, client_id(), h)
      if text == nil then
        e2e.fail(f.path .. ": " .. err)
      else
        table.insert(rec.hovers, { name = h.name, text = text })
      end
    end
    vim.lsp.codelens.refresh()
    rec.lenses = e2e.resolved_lenses(bufnr, 30000)
    if rec.lenses == nil then
      e2e.fail(f.path .. ": lenses did not arrive resolved; got " .. vim.inspect(vim.lsp.codelens.get(bufnr)))
    end
  end
end)
