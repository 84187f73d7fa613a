-- Read many Markdown texts in one pandoc process, each as a document of its own,
-- so that nothing (reference links, footnote labels) is shared between them.
-- Arguments: the reader (format and extensions) and the deepest nesting of blocks allowed.
-- stdin: a JSON list of texts; stdout: a JSON list with, per text, its document as JSON,
-- or {"error": message, "line": line} when it cannot be read or is nested too deeply (blocks beyond the
-- limit, or anything beyond what a JSON reader takes).
local format, limit = arg[1], tonumber(arg[2])

local function line_of(block)
  local pos = block.attributes and block.attributes["data-pos"]
  return pos and tonumber(pos:match("(%d+):%d+%-")) or nil
end

-- The line of the first block nested deeper than the limit, or nil.
local function too_deep(blocks, depth, line)
  for _, block in ipairs(blocks) do
    local here = line_of(block) or line
    local wrapper = block.t == "Div" and block.attributes.wrapper == "1"
    local inner = wrapper and depth or depth + 1
    if not wrapper and depth > limit then return here or 0 end
    local found = nil
    if block.t == "BulletList" or block.t == "OrderedList" then
      for _, item in ipairs(block.content) do
        found = found or too_deep(item, inner, here)
      end
    elseif block.t == "BlockQuote" or block.t == "Div" then
      found = too_deep(block.content, inner, here)
    elseif block.t == "DefinitionList" then
      for _, item in ipairs(block.content) do
        for _, definition in ipairs(item[2]) do
          found = found or too_deep(definition, inner, here)
        end
      end
    end
    if found then return found end
  end
  return nil
end

-- How deeply a JSON text nests its arrays and objects (what Python's json module can read is bounded).
local function json_depth(json)
  local depth, deepest = 0, 0
  for bracket in json:gsub("\\.", ""):gsub('"[^"]*"', ""):gmatch("[%[%]{}]") do
    depth = depth + ((bracket == "[" or bracket == "{") and 1 or -1)
    if depth > deepest then deepest = depth end
  end
  return deepest
end

-- The line of the first block whose JSON nests deeper than JSON_LIMIT (inlines nested thousands deep), or nil.
local JSON_LIMIT = 400
local function too_deep_json(doc, json)
  if json_depth(json) <= JSON_LIMIT then return nil end
  for _, block in ipairs(doc.blocks) do
    if json_depth(pandoc.json.encode(block)) > JSON_LIMIT - 8 then return line_of(block) or 0 end
  end
  return 0
end

local texts = pandoc.json.decode(io.read("a"), false)
local out = {}
for i, text in ipairs(texts) do
  local ok, result = pcall(pandoc.read, text, format)
  local deep = ok and too_deep(result.blocks, 0, nil)
  if not ok then
    out[i] = pandoc.json.encode({error = tostring(result)})
  elseif deep then
    out[i] = pandoc.json.encode({error = "too-deep", line = deep})
  else
    local json = pandoc.write(result, "json")
    local deeper = too_deep_json(result, json)
    out[i] = deeper and pandoc.json.encode({error = "too-deep", line = deeper}) or json
  end
end
io.write("[" .. table.concat(out, ",") .. "]")
