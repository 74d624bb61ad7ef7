"""Pages of a list read with their total in one query."""

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "paginated_total"
# Past this page, the offset would not fit the databases' integers: Django's paginator answers with the last page.
MAX_PAGE_NUMBER = 2**31 // 1000


class CountedPaginator(Paginator):
    """A paginator whose page query also counts the whole list (`COUNT(*) OVER ()`).

    Django's paginator counts, then reads the page: two runs of the same filter. For a list whose filter is the costly
    part (offers covering an animator's territories, requests past their due date), one run gives both. Only a page
    number out of range (or an empty list) falls back to the usual count, then the last page, as Django does.
    """

    def get_page(self, number):
        if "count" in self.__dict__ or not self._counts_in_one_query():
            return super().get_page(number)
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        if not 1 <= wanted <= MAX_PAGE_NUMBER:
            return super().get_page(number)
        bottom = (wanted - 1) * self.per_page
        rows = list(self.object_list.annotate(**{TOTAL: Window(Count("pk"))})[bottom : bottom + self.per_page])
        if not rows:
            return super().get_page(number)
        first = rows[0]
        self.count = first[TOTAL] if isinstance(first, dict) else getattr(first, TOTAL)
        return self._get_page(rows, wanted, self)

    def _counts_in_one_query(self) -> bool:
        # A window counts the rows before DISTINCT removes any; orphans would change where a page ends.
        return isinstance(self.object_list, QuerySet) and not self.object_list.query.distinct and not self.orphans
