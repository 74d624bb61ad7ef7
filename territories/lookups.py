from django.db.models import CharField, Lookup


@CharField.register_lookup
class Like(Lookup):
    """SQL LIKE with a pattern built by the caller (already normalised, so with no wildcard of its own)."""

    lookup_name = "like"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} LIKE {rhs}", [*lhs_params, *rhs_params]
