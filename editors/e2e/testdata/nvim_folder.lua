-- Plain Neovim 0.7 (no plugin): opens a Go file, runs the
-- summarizer.explainFolder command on the workspace folder with a
-- workDoneToken, records the markdown it returns and the $/progress the
-- server sent, then hovers the package clause, which now shows the
-- package overview.
local e2e = dofile(os.getenv("E2E_LUA_DIR") .. "/common.lua")
local spec = e2e.spec

local client_id = e2e.plain_client({ "go", "python" })
local progress = {}
vim.lsp.handlers["$/progress"] = function(_, result)
  if result and result.token == "e2e-folder" then
    table.insert(progress, result.value.kind)
  end
end

e2e.run(function()
  local f = spec.files[1]
  local bufnr = e2e.open(f.path, client_id)
  if bufnr == nil then
    return
  end
  local rec = { path = f.path }
  e2e.result.folder = rec
  local responses = vim.lsp.buf_request_sync(bufnr, "workspace/executeCommand", {
    command = "summarizer.explainFolder",
    arguments = { vim.uri_from_fname(spec.root) },
    workDoneToken = "e2e-folder",
  }, 60000)
  local r = responses and responses[client_id()]
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
  rec.package_hover = e2e.hover(bufnr, client_id(), f.hovers[1]) or ""
end)
