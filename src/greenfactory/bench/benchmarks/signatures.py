"""Copied text at the scale of a province (decisions §66): the time to build one application's
signatures when it is submitted, the time to look one application up against the stored
signatures of ``count`` applications through the LSH bands, and the recall of that lookup
against an exact pairwise comparison of shingle sets on a sample.

Runs in one transaction that is rolled back, so it leaves nothing in the database it is given
(an empty migrated database is enough: it makes its own batch, enterprises and applications).
The texts are generated from a vocabulary of the self-evaluation's phrases, so unrelated
applications share common phrases as real ones do; ``copy_share`` of them take a passage of an
earlier application and change up to three of its phrases or figures.
"""

import random
import statistics
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from greenfactory.accounts.models import Enterprise, Industry, Region
from greenfactory.applications.models import Application
from greenfactory.programme.models import Batch, CoefficientTable, IndicatorSystem
from greenfactory.supervision.domain.integrity import texts
from greenfactory.supervision.models import PassageBand, TextPassage

from ..domain.people import uscc_for

PHRASES = (
    "建立了完善的能源管理体系",
    "设置能源管理岗位并配备专职人员",
    "每月对主要用能设备开展能效监测",
    "对空压机系统实施变频改造",
    "年节电约{n}万千瓦时",
    "将节能目标分解到各车间和班组",
    "厂房屋顶铺设分布式光伏组件",
    "装机容量{n}兆瓦",
    "所发电量优先自用",
    "建设储能系统平抑峰谷",
    "废水经处理后回用于冷却系统",
    "年回用水量{n}万立方米",
    "固体废物综合利用率达到{n}%",
    "危险废物委托有资质单位处置",
    "通过ISO14001环境管理体系认证",
    "开展清洁生产审核",
    "淘汰高耗能落后机电设备{n}台",
    "采用高效节能电机",
    "照明全部更换为LED灯具",
    "余热回收用于生产工艺加热",
    "建立碳排放核算制度",
    "编制年度温室气体排放报告",
    "原料采购优先选择绿色供应商",
    "产品通过绿色设计产品评价",
    "厂区绿化覆盖率{n}%",
    "建立能源在线监测系统",
    "实现重点用能设备分项计量",
    "开展员工节能环保培训{n}次",
    "制定突发环境事件应急预案",
    "定期开展应急演练",
    "污染物排放浓度优于国家标准",
    "VOCs治理设施运行率{n}%",
    "采用水性涂料替代溶剂型涂料",
    "实施精益生产管理",
    "单位产品综合能耗下降{n}%",
    "引进自动化生产线{n}条",
    "建设智能仓储系统",
    "物流运输采用新能源车辆",
    "包装材料可回收利用",
    "推行无纸化办公",
)


def _passage(rng: random.Random) -> str:
    chosen = rng.sample(PHRASES, rng.randint(5, 9))
    return "，".join(p.replace("{n}", str(rng.randint(2, 980))) for p in chosen) + "。"


def _edited(rng: random.Random, text: str) -> str:
    """A copy with some phrases replaced or figures changed (similarity 0.4 to 1)."""
    parts = text.rstrip("。").split("，")
    for _ in range(rng.randint(0, 3)):
        parts[rng.randrange(len(parts))] = rng.choice(PHRASES).replace(
            "{n}", str(rng.randint(2, 980))
        )
    return "，".join(parts) + "。"


def _setup(count: int, rng: random.Random, passages_each: int, copy_share: float):
    district = (
        Region.objects.filter(code="320412").first()
        or Region.objects.filter(parent__isnull=False).last()
    )
    city = district.parent
    system = IndicatorSystem.objects.order_by("-pk").first()
    table = CoefficientTable.objects.order_by("-pk").first()
    now = timezone.now()
    batch = Batch.objects.create(
        region=city,
        year=now.year,
        title="bench",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        indicator_system=system,
        coefficient_table=table,
        grid_factor=table.grid_factors.first(),
    )
    industry = Industry.objects.first()
    Enterprise.objects.bulk_create(
        Enterprise(
            uscc=uscc_for(i, district.code, 7),
            name=f"bench {i}",
            district=district,
            industry=industry,
            address="-",
            contact_person="-",
            phone="13900000000",
        )
        for i in range(count)
    )
    enterprises = list(Enterprise.objects.filter(name__startswith="bench ").order_by("pk"))
    Application.objects.bulk_create(
        Application(
            batch=batch, enterprise=e, district=district, state="submitted", submitted_at=now
        )
        for e in enterprises
    )
    applications = list(Application.objects.filter(batch=batch).order_by("pk"))
    corpus: list[dict[str, str]] = []
    for _application in applications:
        own = {}
        for k in range(passages_each):
            if corpus and rng.random() < copy_share:
                source = rng.choice(corpus)
                own[f"answer:{k}"] = _edited(rng, rng.choice(list(source.values())))
            else:
                own[f"answer:{k}"] = _passage(rng)
        corpus.append(own)
    return applications, corpus


def _store_bulk(applications, corpus) -> None:
    """The stored signatures of the province, written in bulk with the same functions."""
    rows = [
        TextPassage(application=a, source=s, text=t, signature=texts.signature(t).tobytes())
        for a, own in zip(applications, corpus, strict=True)
        for s, t in own.items()
    ]
    TextPassage.objects.bulk_create(rows, batch_size=2000)
    stored = TextPassage.objects.filter(application__in=[a.pk for a in applications]).only(
        "pk", "signature"
    )
    bands = [
        PassageBand(passage_id=p.pk, band=b, key=k)
        for p in stored.iterator(chunk_size=2000)
        for b, k in texts.band_keys(texts.to_values(p.signature))
    ]
    PassageBand.objects.bulk_create(bands, batch_size=5000)


def measure_signatures(
    count: int = 10_000,
    *,
    sample: int = 50,
    passages_each: int = 3,
    copy_share: float = 0.2,
    seed: int = 1,
) -> dict:
    rng = random.Random(seed)  # noqa: S311 -- generated texts, not secrets
    with transaction.atomic():
        applications, corpus = _setup(count, rng, passages_each, copy_share)
        stored_apps, stored_corpus = applications[:count], corpus[:count]
        started = time.perf_counter()
        _store_bulk(stored_apps, stored_corpus)
        bulk_seconds = time.perf_counter() - started
        threshold = float(stored_apps[0].batch.integrity_text_similarity)
        # Build: the function submission runs, on a sample of applications already stored.
        build = []
        for application, own in list(zip(stored_apps, stored_corpus, strict=True))[-sample:]:
            started = time.perf_counter()
            texts.store_passages(application, own)
            build.append(time.perf_counter() - started)
        # Lookup: applications of the sample against the stored ones, through the bands.
        lookups, found_pairs = [], set()
        queries = list(zip(stored_apps, stored_corpus, strict=True))[:sample]
        for application, _own in queries:
            own = list(application.text_passages.all())
            started = time.perf_counter()
            for match in texts.matches(application, own, threshold):
                found_pairs.add((match.own.pk, match.other.pk))
            lookups.append(time.perf_counter() - started)
        # Exact: every stored passage of another enterprise, shingle sets compared pairwise.
        all_passages = list(
            TextPassage.objects.filter(application__batch=stored_apps[0].batch).values_list(
                "pk", "application_id", "text"
            )
        )
        shingled = [(pk, app, texts.shingles(text)) for pk, app, text in all_passages]
        started = time.perf_counter()
        true_pairs = set()
        for application, _own in queries:
            for own in application.text_passages.all():
                mine = texts.shingles(own.text)
                for pk, app, theirs in shingled:
                    if app == application.pk:
                        continue
                    if texts.jaccard(mine, theirs) >= threshold:
                        true_pairs.add((own.pk, pk))
        exact_seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    recall = len(found_pairs & true_pairs) / len(true_pairs) if true_pairs else None
    return {
        "applications": count,
        "passages": len(all_passages),
        "passages_each": passages_each,
        "num_perm": texts.NUM_PERM,
        "bands": texts.BANDS,
        "rows": texts.ROWS,
        "threshold": threshold,
        "store_bulk_s": round(bulk_seconds, 1),
        "build_ms_median": round(statistics.median(build) * 1000, 1),
        "build_ms_max": round(max(build) * 1000, 1),
        "lookup_ms_median": round(statistics.median(lookups) * 1000, 1),
        "lookup_ms_max": round(max(lookups) * 1000, 1),
        "sample": len(queries),
        "exact_pairs": len(true_pairs),
        "found_pairs": len(found_pairs),
        "found_true_pairs": len(found_pairs & true_pairs),
        "recall": None if recall is None else round(recall, 3),
        "exact_seconds_per_application": round(exact_seconds / len(queries), 2),
    }
