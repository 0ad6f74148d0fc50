"""The code's layers point one way, and no unit outgrows what a reader can hold (bin/layers)."""

from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def layers():
    loader = SourceFileLoader("bin_layers", str(ROOT / "bin" / "layers"))
    module = module_from_spec(spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report(layers):
    return layers.report(ROOT)


def test_no_import_points_up_a_layer(report):
    assert report["imports that point up"] == []


def test_taxonomy_never_imports_articles_and_models_never_import_admin_forms_or_views(report):
    assert report["taxonomy importing articles, or models importing admin, forms or views"] == []


def test_only_url_configuration_imports_the_views(report):
    assert report["imports of articles.views outside URL configuration"] == []


def test_functions_and_files_stay_small(report, layers):
    assert report[f"functions over {layers.MAX_FUNCTION_LINES} lines"] == []
    assert report[f"files over {layers.MAX_FILE_LINES} lines"] == []


def test_every_import_inside_a_function_says_why(report):
    # Django's app registry forces some (models only once it is ready); each one names its reason.
    unexplained = []
    for item in report["imports inside functions"]:
        path, line = item.split(" ", 1)[0].rsplit(":", 1)
        lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
        index = int(line) - 1
        # The comment sits on the import's line or just above the block of imports it belongs to.
        while (
            index > 0
            and "#" not in lines[index]
            and (lines[index - 1].strip().startswith(("from ", "import ")) or not lines[index - 1].strip())
        ):
            index -= 1
        if "#" not in lines[index] and not lines[index - 1].strip().startswith("#"):
            unexplained.append(item)
    assert unexplained == []


def test_the_checker_sees_an_upward_import(layers, tmp_path):
    # The rules above hold only if the checker can fail: a taxonomy module importing articles.
    for package in layers.PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "articles" / "views.py").write_text("")
    (tmp_path / "taxonomy" / "models.py").write_text("from articles import views\n\n\ndef f():\n" + "    x = 1\n" * 61)
    found = layers.report(tmp_path)
    assert found["imports that point up"] == [
        "taxonomy.models (layer 1) -> articles.views (layer 4)  [taxonomy/models.py:1]"
    ]
    assert found["taxonomy importing articles, or models importing admin, forms or views"] == [
        "taxonomy.models imports articles.views",
        "taxonomy.models imports articles.views",
    ]
    assert found["imports of articles.views outside URL configuration"] == ["taxonomy.models imports articles.views"]
    assert found["functions over 60 lines"] == ["taxonomy/models.py:4 f: 62 lines"]
