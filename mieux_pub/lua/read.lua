-- Read many Markdown texts in one pandoc process, each as a document of its own,
-- so that nothing (reference links, footnote labels) is shared between them.
-- stdin: a JSON list of texts; stdout: a JSON list, per text its document as JSON
-- or {"error": message}.
local format = arg[1]
local texts = pandoc.json.decode(io.read("a"), false)
local out = {}
for i, text in ipairs(texts) do
  local ok, result = pcall(pandoc.read, text, format)
  if ok then
    out[i] = pandoc.write(result, "json")
  else
    out[i] = pandoc.json.encode({error = tostring(result)})
  end
end
io.write("[" .. table.concat(out, ",") .. "]")
