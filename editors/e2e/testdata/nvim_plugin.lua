-- Neovim with the editors/neovim plugin: hovers through vim.lsp.buf.hover()
-- (reading the floating window), waits for the lenses the plugin shows on
-- attach and after an edit, and runs :SummarizerExplainFile.
local e2e = dofile(os.getenv("E2E_LUA_DIR") .. "/common.lua")
local spec = e2e.spec

vim.opt.runtimepath:prepend(spec.plugin)
vim.cmd("filetype on")
vim.cmd("runtime plugin/summarizer.lua")
local summarizer = require("summarizer")
summarizer.setup({ cmd = { spec.server }, settings = spec.settings, debounce_ms = 100 })

-- Record what the server asks the editor to show on its own: the plugin
-- shows explanations itself, so none should be an explanation.
e2e.record_messages()
e2e.result.show_documents = {}
local show_document = vim.lsp.handlers["window/showDocument"]
vim.lsp.handlers["window/showDocument"] = function(err, result, ctx, config)
  table.insert(e2e.result.show_documents, result.uri)
  if show_document then
    return show_document(err, result, ctx, config)
  end
  return { success = false }
end

local function float_windows()
  local out = {}
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= "" then
      table.insert(out, w)
    end
  end
  return out
end

local function buffer_text(win)
  local buf = vim.api.nvim_win_get_buf(win)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
end

local function summarizer_client(bufnr)
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == "summarizer-lsp" and c.initialized then
      return c
    end
  end
end

local function hover(bufnr, h)
  vim.api.nvim_win_set_cursor(0, { h.line + 1, h.character })
  vim.lsp.buf.hover()
  local win
  if not e2e.wait(30000, function()
    win = float_windows()[1]
    return win ~= nil
  end) then
    e2e.fail(vim.api.nvim_buf_get_name(bufnr) .. ": no hover window for " .. h.name)
    return nil
  end
  local text = buffer_text(win)
  vim.api.nvim_win_close(win, true)
  return text
end

e2e.run(function()
  local client
  for _, f in ipairs(spec.files) do
    vim.cmd("edit " .. vim.fn.fnameescape(f.path))
    local bufnr = vim.api.nvim_get_current_buf()
    local rec = { path = f.path, hovers = {} }
    table.insert(e2e.result.files, rec)
    e2e.log("opened " .. f.path)
    if not e2e.wait(30000, function()
      client = summarizer_client(bufnr)
      return client ~= nil
    end) then
      e2e.fail(f.path .. ": plugin did not start and attach the client")
      return
    end
    -- No refresh here: the plugin requests lenses on attach.
    rec.lenses = e2e.resolved_lenses(bufnr, 30000)
    if rec.lenses == nil then
      e2e.fail(f.path .. ": lenses did not appear; got " .. vim.inspect(vim.lsp.codelens.get(bufnr)))
    end
    e2e.wait(2000, function() return #e2e.drawn_lenses(bufnr, client.id) >= #(rec.lenses or {}) end)
    rec.drawn = e2e.drawn_lenses(bufnr, client.id)
    e2e.log("lenses: " .. #(rec.lenses or {}) .. ", drawn: " .. #rec.drawn)
    for _, h in ipairs(f.hovers) do
      e2e.log("hover " .. h.name)
      table.insert(rec.hovers, { name = h.name, text = hover(bufnr, h) })
    end

    if f.append then
      -- An edit: the plugin refreshes lenses once edits settle.
      local before = #vim.lsp.codelens.get(bufnr)
      vim.api.nvim_buf_set_lines(bufnr, -1, -1, false, vim.split(f.append, "\n", { plain = true }))
      vim.cmd("doautocmd <nomodeline> TextChanged")
      e2e.log("edited; waiting for new lenses")
      e2e.wait(30000, function()
        local now = e2e.lenses_now(bufnr)
        return now ~= nil and #now > before
      end)
      rec.lenses_after_edit = e2e.lenses_now(bufnr)
    end

    if f.explain_function then
      local h = f.explain_function
      vim.api.nvim_win_set_cursor(0, { h.line + 1, h.character })
      e2e.log("explain function " .. h.name)
      vim.cmd("SummarizerExplainFunction")
      local win
      if e2e.wait(30000, function()
        win = float_windows()[1]
        return win ~= nil
      end) then
        rec.explain_function = buffer_text(win)
        vim.api.nvim_win_close(win, true)
      else
        e2e.fail(f.path .. ": :SummarizerExplainFunction opened no window")
      end
      -- Time for a window/showMessage the server would send with it.
      vim.wait(500)
    end

    if f.explain_file then
      local before = {}
      for _, w in ipairs(vim.api.nvim_list_wins()) do
        before[w] = true
      end
      e2e.log("explain file")
      vim.cmd("SummarizerExplainFile")
      local win
      if e2e.wait(60000, function()
        for _, w in ipairs(vim.api.nvim_list_wins()) do
          if not before[w] then
            win = w
            return true
          end
        end
        return false
      end) then
        local buf = vim.api.nvim_win_get_buf(win)
        rec.overview = {
          name = vim.api.nvim_buf_get_name(buf),
          filetype = vim.api.nvim_buf_get_option(buf, "filetype"),
          text = buffer_text(win),
        }
      else
        e2e.fail(f.path .. ": :SummarizerExplainFile opened no window")
      end
      -- Time for a window/showDocument the server would send after replying.
      vim.wait(1000)
      local wins = 0
      for _, w in ipairs(vim.api.nvim_list_wins()) do
        if not before[w] then
          wins = wins + 1
        end
      end
      rec.explain_file_windows = wins
    end
  end
  e2e.result.status = summarizer.status()
  vim.cmd("checkhealth summarizer")
  e2e.result.health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
end)
