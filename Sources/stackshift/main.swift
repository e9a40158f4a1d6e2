print("stackshift")
