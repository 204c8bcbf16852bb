; Chunk query for C, shared by C++ (which adds cpp.scm). Capture names are
; documented in ../query.go.

(preproc_include path: (_) @import)
(comment) @comment

(function_definition
  type: (_) @result
  declarator: [
    (function_declarator declarator: (_) @name parameters: (parameter_list) @params)
    (pointer_declarator declarator: (function_declarator declarator: (_) @name parameters: (parameter_list) @params))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (_) @name parameters: (parameter_list) @params)))
  ]
  body: (compound_statement)? @body) @def.function

(struct_specifier name: (_) @name body: (field_declaration_list) @body) @def.struct
(union_specifier name: (_) @name body: (field_declaration_list) @body) @def.struct

(parameter_declaration type: (_) @param.type declarator: (_)? @param.name) @param
(storage_class_specifier) @modifier
(function_definition (type_qualifier) @modifier)

(call_expression function: (_) @call)
(for_statement) @loop
(while_statement) @loop
(do_statement) @loop
(if_statement) @branch
(case_statement) @branch
(conditional_expression) @branch
(return_statement) @return
(goto_statement) @throw
