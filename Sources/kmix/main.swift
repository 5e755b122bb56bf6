import KMix
print("kmix")
