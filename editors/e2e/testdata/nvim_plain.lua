-- Plain Neovim 0.7 configuration (no plugin): starts the server for Go and
-- Python buffers, hovers each listed function and collects the code lenses.
local e2e = dofile(os.getenv("E2E_LUA_DIR") .. "/common.lua")
local spec = e2e.spec

vim.cmd("filetype on")

local client_id
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "go", "python" },
  callback = function(args)
    if client_id == nil then
      client_id = vim.lsp.start_client({
        name = "summarizer-lsp",
        cmd = { spec.server },
        root_dir = spec.root,
        init_options = spec.settings,
      })
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})

e2e.run(function()
  for _, f in ipairs(spec.files) do
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
    for _, h in ipairs(f.hovers) do
      local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", e2e.hover_params(bufnr, h), 30000)
      local r = responses and responses[client_id]
      if r == nil then
        e2e.fail(f.path .. ": no hover response for " .. h.name)
      elseif r.err then
        e2e.fail(f.path .. ": hover " .. h.name .. ": " .. vim.inspect(r.err))
      else
        table.insert(rec.hovers, { name = h.name, text = e2e.hover_text(r.result) })
      end
    end
    vim.lsp.codelens.refresh()
    rec.lenses = e2e.resolved_lenses(bufnr, 30000)
    if rec.lenses == nil then
      e2e.fail(f.path .. ": lenses did not arrive resolved; got " .. vim.inspect(vim.lsp.codelens.get(bufnr)))
    end
  end
end)
