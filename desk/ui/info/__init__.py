"""The information desk (информационен център): what clerks do for a payer."""
