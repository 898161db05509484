"""The Rubrics page: rubric versions and the rubric editor."""
