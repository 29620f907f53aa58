from storyfold.cli import main

main()
