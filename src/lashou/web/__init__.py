"""The pages: for now one, the plan's live numbers (`lashou.web.pages.install(app)`)."""
