"""Forms built from `gebeurtenissen.SCHEMA`: one builder for every lifecycle step."""
