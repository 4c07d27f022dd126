"""``api.extract_documents``: in-memory documents, in order, errors reported, the same records in workers."""
from aimaq import api
from aimaq.ingest import RawDocument, ReadError

DOCS = [
    RawDocument("a", "Атырау облысына 2025 жылы 5 млрд теңге бөлінді.", "a"),
    ReadError("broken.jsonl:3", "not JSON"),
    RawDocument("b", "Ақтөбе облысында 93 инвестициялық жоба жүзеге асырылуда.", "b"),
]


def test_documents_in_order_and_errors_reported():
    errors = []
    docs = list(api.extract_documents(DOCS, on_error=errors.append))
    assert [d.id for d in docs] == ["a", "b"]
    assert [e.origin for e in errors] == ["broken.jsonl:3"]
    assert any(m.type == "money" and m.value["amount"] == 5_000_000_000 for m in docs[0].mentions)


def test_workers_give_the_same_records():
    one = [d.to_dict() for d in api.extract_documents(DOCS, on_error=lambda e: None, jobs=1)]
    two = [d.to_dict() for d in api.extract_documents(DOCS, on_error=lambda e: None, jobs=2)]
    assert one == two and len(one) == 2
