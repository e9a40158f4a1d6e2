import StackShiftCLI

await StackShiftCommand.main()
