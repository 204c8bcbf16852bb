-- Plain Neovim 0.7 (no plugin): opens a Go file, runs the
-- summarizer.explainFolder command on the workspace folder with a
-- workDoneToken, records the markdown it returns and the $/progress the
-- server sent, then hovers the package clause, which now shows the
-- package overview.
local e2e = dofile(os.getenv("E2E_LUA_DIR") .. "/common.lua")
local spec = e2e.spec

vim.cmd("filetype on")

local client_id
local progress = {}
vim.lsp.handlers["$/progress"] = function(_, result)
  if result and result.token == "e2e-folder" then
    table.insert(progress, result.value.kind)
  end
end
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
  local f = spec.files[1]
  vim.cmd("edit " .. vim.fn.fnameescape(f.path))
  local bufnr = vim.api.nvim_get_current_buf()
  if not e2e.wait(30000, function()
    local c = client_id and vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized == true and vim.lsp.buf_is_attached(bufnr, client_id)
  end) then
    e2e.fail("client did not start and attach")
    return
  end
  local rec = { path = f.path }
  e2e.result.folder = rec
  local responses = vim.lsp.buf_request_sync(bufnr, "workspace/executeCommand", {
    command = "summarizer.explainFolder",
    arguments = { vim.uri_from_fname(spec.root) },
    workDoneToken = "e2e-folder",
  }, 60000)
  local r = responses and responses[client_id]
  if r == nil then
    e2e.fail("no response to summarizer.explainFolder")
    return
  elseif r.err then
    e2e.fail("summarizer.explainFolder: " .. vim.inspect(r.err))
    return
  end
  rec.markdown = r.result
  e2e.wait(5000, function() return progress[#progress] == "end" end)
  rec.progress = progress
  local h = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", e2e.hover_params(bufnr, { line = f.hovers[1].line, character = f.hovers[1].character }), 30000)
  local hr = h and h[client_id]
  rec.package_hover = hr and hr.result and e2e.hover_text(hr.result) or ""
end)
