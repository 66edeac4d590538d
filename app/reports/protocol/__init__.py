"""Protocol prints: badges, place cards, alternat signature pages, seating diagrams and the
gifts register, as PDF files built with the multi-script text layer (Qt-free)."""
