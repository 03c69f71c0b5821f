"""Best practices: the catalogue (municipalities' and prefectures' cases) and the ministry's
selections shared with the prefectures."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kofu.accounts.access import own_municipality, prefectures_in_scope
from kofu.accounts.permissions import AccessRequest, access
from kofu.accounts.roles import Role
from kofu.core.listing import Listing, list_page
from kofu.surveys import selectors
from kofu.surveys.access import access_practice_selection, practice_selections_in_scope
from kofu.surveys.forms import BestPracticeForm, PracticeFilterForm, PracticeSelectionForm
from kofu.surveys.models import BestPractice
from kofu.surveys.services.practices import best_practice_create, selection_create, selection_share


def _new_practice(request: AccessRequest) -> BestPractice | None:
    """An empty case owned by the viewer's municipality or prefecture (others do not add cases)."""
    viewer = request.viewer
    if viewer.role is Role.MUNICIPALITY:
        return BestPractice(municipality=own_municipality(viewer))
    if viewer.role is Role.PREFECTURE:
        return BestPractice(prefecture=prefectures_in_scope(viewer).get())
    return None


@access("staff")
def practices(request: AccessRequest) -> HttpResponse:
    viewer = request.viewer
    filter_form = PracticeFilterForm(request.GET or None)
    filters = filter_form.filters()
    query = filters.get("q", "")
    listing: Listing[BestPractice] = list_page(
        request, selectors.best_practices(query, filters.get("theme", ""))
    )
    practice = _new_practice(request)
    form = BestPracticeForm(request.POST or None, instance=practice) if practice is not None else None
    if request.method == "POST":
        if form is None:
            raise Http404("ページが見つかりません")
        if form.is_valid():
            try:
                best_practice_create(practice=form.save(commit=False), actor=viewer)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, str(exc) if isinstance(exc, PermissionDenied) else exc)
            else:
                return redirect("surveys:practices")
    context = {
        "practices": listing.rows,
        "listing": listing,
        "filter_form": filter_form,
        "q": query,
        "form": form,
        "selection_form": PracticeSelectionForm() if viewer.role is Role.MINISTRY else None,
        "selections": practice_selections_in_scope(viewer),
    }
    return render(request, "surveys/practices.html", context)


@access("ministry_staff")
@require_POST
def selection_new(request: AccessRequest) -> HttpResponse:
    form = PracticeSelectionForm(request.POST)
    if form.is_valid():
        try:
            selection = selection_create(
                title=form.cleaned_data["title"], note=form.cleaned_data["note"],
                practices=form.cleaned_data["practices"], actor=request.viewer,
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("surveys:practice_selection", pk=selection.pk)
    return render(request, "surveys/form.html", {"form": form, "title": "事例集の作成"}, status=400)


@access("prefecture_or_ministry")
def selection(request: AccessRequest, pk: int) -> HttpResponse:
    found = access_practice_selection(request.viewer, pk)
    context = {
        "selection": found,
        "practices": found.practices.select_related("municipality__prefecture", "prefecture"),
        "can_share": request.viewer.role is Role.MINISTRY and found.shared_at is None,
    }
    return render(request, "surveys/practice_selection.html", context)


@access("ministry_staff")
@require_POST
def selection_share_view(request: AccessRequest, pk: int) -> HttpResponse:
    found = access_practice_selection(request.viewer, pk)
    selection_share(selection=found, actor=request.viewer)
    return redirect("surveys:practice_selection", pk=found.pk)
