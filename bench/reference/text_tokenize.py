"""Python twin of the text-preprocess benchmark: Ludwig's space_punct tokenization
(`re.compile(r"\\w+|[^\\w\\s]")`, the regex Ludwig's tokenizers.py names) plus a Counter of tokens
and of documents (for idf), over the same texts, one line each.

    /usr/bin/python3 bench/reference/text_tokenize.py FILE

Reading the file is not timed. Prints {"texts", "texts_per_s", "vocab"}.
"""
import re, sys, time, json
from collections import Counter

SPACE_PUNCT = re.compile(r"\w+|[^\w\s]")
with open(sys.argv[1], encoding="utf-8") as f:
    texts = f.read().split("\n")
if texts and texts[-1] == "":
    texts.pop()
started = time.perf_counter()
counts, docs = Counter(), Counter()
longest = 0
for text in texts:
    tokens = SPACE_PUNCT.findall(text)
    counts.update(tokens)
    docs.update(set(tokens))
    longest = max(longest, len(tokens))
seconds = time.perf_counter() - started
print(json.dumps({"texts": len(texts), "texts_per_s": round(len(texts) / seconds), "vocab": len(counts), "longest": longest}))
