-- Nothing starts until require("summarizer").setup{...} is called; this file
-- only guards against loading twice and against unsupported versions.
if vim.g.loaded_summarizer then
  return
end
vim.g.loaded_summarizer = true
if vim.fn.has("nvim-0.7") ~= 1 then
  vim.api.nvim_err_writeln("summarizer: Neovim 0.7 or newer is required")
end
