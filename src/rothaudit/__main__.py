from rothaudit.cli.app import main

main()
